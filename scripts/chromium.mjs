// Finds Debian's Chromium for Playwright (its own browser downloads are not used).
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function isExecutable(file) {
	try {
		fs.accessSync(file, fs.constants.X_OK);
		return fs.statSync(file).isFile();
	} catch {
		return false;
	}
}

/** The Chromium executable: $CHROMIUM_PATH, else the first Debian location that exists, else null. */
export function findChromium(env = process.env) {
	if (env.CHROMIUM_PATH) return isExecutable(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null;
	return CHROMIUM_CANDIDATES.find(isExecutable) ?? null;
}

/** Whether this process may install Chromium itself (root on a machine with apt-get). */
export function canAptInstall() {
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	return isRoot && spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
}

/** Installs Debian's chromium with apt-get. Returns true on success. */
export function aptInstallChromium(log = console.log) {
	log('Chromium not found: installing it with apt-get (apt-get update && apt-get install -y chromium)…');
	const result = spawnSync('sh', ['-c', 'apt-get update && apt-get install -y chromium'], {
		stdio: 'inherit',
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
	});
	return result.status === 0;
}
