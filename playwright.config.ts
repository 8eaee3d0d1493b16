import { defineConfig } from '@playwright/test';
import { CSP_REPORT_FILE } from './e2e/csp-report';

// Drives the production build (served by scripts/serve.mjs with COOP/COEP headers) in
// Debian's Chromium. Playwright's own browser downloads are not used: run the suite with
// `npm run test:e2e`, which finds (or installs) Chromium and builds when the build is stale.
const port = Number(process.env.E2E_PORT) || 4173;
const baseURL = `http://localhost:${port}`;

export default defineConfig({
	testDir: 'e2e',
	outputDir: 'e2e/.output',
	snapshotPathTemplate: '{testDir}/__screenshots__/{testFilePath}/{arg}{ext}',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 120_000,
	expect: { timeout: 15_000 },
	forbidOnly: !!process.env.CI,
	reporter: 'list',
	// Every page is served with the app's Content-Security-Policy; any violation it reports fails the run.
	globalSetup: './e2e/csp-setup.ts',
	globalTeardown: './e2e/csp-teardown.ts',
	use: {
		browserName: 'chromium',
		viewport: { width: 1280, height: 800 },
		baseURL,
		screenshot: 'only-on-failure',
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				'--disable-quic',
				'--enable-unsafe-webgpu'
			]
		}
	},
	webServer: {
		command: `node scripts/serve.mjs --port ${port}`,
		env: { ...(process.env as Record<string, string>), CSP_REPORT_FILE },
		url: baseURL,
		reuseExistingServer: !process.env.CI,
		timeout: 60_000,
		stdout: 'pipe',
		stderr: 'pipe'
	}
});
