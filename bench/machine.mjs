// What the benchmark ran on: recorded with every result.
import os from 'node:os';
import { spawnSync } from 'node:child_process';

export function chromiumVersion(bin = process.env.CHROMIUM_BIN || '/usr/bin/chromium') {
	try {
		const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 20_000 });
		const m = /Chromium\s+([\d.]+)/.exec(r.stdout ?? '');
		return m ? m[1] : null;
	} catch {
		return null;
	}
}

/**
 * @param {{ reference?: any, backends?: string[] }} [opts] reference = reference.py output
 */
export function machineInfo({ reference, backends } = {}) {
	const cpus = os.cpus();
	return {
		cores: cpus.length,
		cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
		memoryGB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
		platform: `${os.type()} ${os.release()} ${os.arch()}`,
		node: process.version,
		chromium: chromiumVersion(),
		backends: backends ?? [],
		python: reference?.versions ?? null,
		blas: reference?.blas ?? null,
		// left as found in the environment, for the reference subprocess too
		OPENBLAS_CORETYPE: process.env.OPENBLAS_CORETYPE ?? null,
		date: new Date().toISOString()
	};
}
