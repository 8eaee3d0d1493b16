#!/usr/bin/env node
// `npm run test:e2e`: runs the Playwright specs in e2e/ against the production build in
// Debian's Chromium.
//
//   1. finds Chromium ($CHROMIUM_PATH, /usr/bin/chromium, /usr/bin/chromium-browser); when it
//      is missing and we are root with apt-get, installs it, otherwise stops with a message;
//   2. runs `vite build` when build/ is missing or older than the sources;
//   3. runs `playwright test` with any extra arguments (`npm run test:e2e -- smoke`) and exits
//      with its exit code.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import { aptInstallChromium, canAptInstall, findChromium } from './chromium.mjs';
import { ensureBuild, projectRoot } from './serve.mjs';

const NOT_FOUND = 'Chromium not found. Install it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH)';

let chromium = findChromium();
if (!chromium && process.env.CHROMIUM_PATH) {
	console.error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable file.`);
	process.exit(1);
}
if (!chromium && canAptInstall()) {
	if (aptInstallChromium()) chromium = findChromium();
}
if (!chromium) {
	console.error(NOT_FOUND);
	process.exit(1);
}

try {
	ensureBuild();
} catch (error) {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
}

const playwrightCli = path.join(projectRoot, 'node_modules', '@playwright', 'test', 'cli.js');
const [cmd, args] = fs.existsSync(playwrightCli)
	? [process.execPath, [playwrightCli, 'test', ...process.argv.slice(2)]]
	: ['npx', ['playwright', 'test', ...process.argv.slice(2)]];
const result = spawnSync(cmd, args, {
	cwd: projectRoot,
	stdio: 'inherit',
	env: { ...process.env, CHROMIUM_PATH: chromium }
});
if (result.error) console.error(result.error.message);
process.exit(result.status ?? 1);
