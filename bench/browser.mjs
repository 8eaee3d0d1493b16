// Browser-side benchmark cases: Tessera's own figures, measured in headless Chromium
// against the production build (scripts/serve.mjs), the way users run it.
//
//   - Engine cases (import, profile, correlation, models, persistence) go through the
//     hidden /bench page, which forwards to a dedicated worker (workers/bench.worker.ts)
//     built from the same core code as the engine; every figure is timed inside the
//     worker with performance.now(). Data files are served under /bench-data/ by the same
//     server; the page fetches each as a Blob that moves to the worker by reference.
//   - Start-up and responsiveness cases drive the real app and studio.
//
// Each case is independent: one that fails is reported with tessera = null and the error
// in `note`, and the others still run.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer, ensureBuild, buildDir } from '../scripts/serve.mjs';
import { findChromium } from '../scripts/chromium.mjs';
import { caseDef, MLP_EPOCHS, TRAIN_FRACTION } from './cases.mjs';

const LAUNCH_ARGS = [
	'--no-sandbox',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic',
	'--enable-unsafe-webgpu'
];

/** Epochs × one-epoch time above which a non-WASM backend reports its one-epoch run only. */
const SLOW_BACKEND_BUDGET_MS = 120_000;
/** Rows of the classification data that software-rendered GPU backends train on in --quick. */
const QUICK_GPU_ROWS = 5_000;
/** The first screen must need less JavaScript than this (gzip), issue #3. */
const STARTUP_JS_BUDGET = 300 * 1024;

function median(xs) {
	if (!xs.length) return NaN;
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const round = (x, digits = 1) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);
const errorText = (e) =>
	e instanceof Error ? e.message.split('\n')[0] + (e.cause instanceof Error ? ` (${e.cause.message})` : '') : String(e);

/** Rejects after `ms` with a clear message (the work itself is abandoned, not stopped). */
function withTimeout(promise, ms, what) {
	let timer;
	return Promise.race([
		promise,
		new Promise((_, reject) => {
			timer = setTimeout(() => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
		})
	]).finally(() => clearTimeout(timer));
}

async function listenOnFreePort(port) {
	try {
		return await startServer({ port });
	} catch (e) {
		if (e && e.code === 'EADDRINUSE') return startServer({ port: 0 });
		throw e;
	}
}

/**
 * @param {{
 *   dataFiles: { import: string, corr: string, classify: string },
 *   quick?: boolean,
 *   repeats?: number,
 *   log?: (msg: string) => void,
 *   port?: number, // 0 (default): a free port chosen by the OS
 *   only?: (id: string) => boolean,
 *   epochs?: number,
 *   trainFraction?: number
 * }} options
 * @returns {Promise<import('./cases.mjs').CaseResult[]>}
 */
export async function runBrowserCases({
	dataFiles,
	quick = false,
	repeats = 3,
	log = console.log,
	port = 0,
	only = () => true,
	epochs = quick ? MLP_EPOCHS.quick : MLP_EPOCHS.full,
	trainFraction = TRAIN_FRACTION
}) {
	/** @type {import('./cases.mjs').CaseResult[]} */
	const results = [];
	const caseTimeout = quick ? 180_000 : 600_000;

	const executablePath = findChromium();
	if (!executablePath) throw new Error('Chromium not found (apt-get install -y chromium, or set CHROMIUM_PATH)');
	ensureBuild({ log });

	let server = null;
	let browser = null;
	let persistent = null;
	let profileDir = null;
	try {
		server = await listenOnFreePort(port);
		log(`browser: serving the build at ${server.url}`);

		// The engine cases run in a persistent profile so IndexedDB lives on disk, as for a user
		// (an incognito context keeps it in memory). Service workers are blocked: the app's
		// would precache in the background and compete with the measurements.
		profileDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'tessera-bench-'));
		let contextAlive = false;
		const launchPersistent = async () => {
			persistent = await chromium.launchPersistentContext(profileDir, {
				executablePath,
				args: LAUNCH_ARGS,
				headless: true,
				serviceWorkers: 'block',
				viewport: { width: 1280, height: 800 }
			});
			contextAlive = true;
			persistent.on('close', () => (contextAlive = false));
		};
		await launchPersistent();
		// Data files are served by the same server, same origin, streamed from disk; a Playwright
		// route would carry each body through the DevTools pipe, which breaks at 100+ MB.
		serveDataFiles(server.server, { 'import.csv': dataFiles.import, 'corr.csv': dataFiles.corr, 'classify.csv': dataFiles.classify });

		let page = null;
		/** Bumped on every fresh /bench page: frames held by an older worker are gone. */
		let generation = 0;
		const openBenchPage = async () => {
			generation++;
			if (page) await page.close().catch(() => {});
			if (!contextAlive) {
				log('browser: Chromium went away; starting it again');
				await launchPersistent();
			}
			page = await persistent.newPage();
			page.on('pageerror', (e) => log(`browser: page error: ${errorText(e)}`));
			page.on('crash', () => log('browser: the /bench page crashed'));
			await page.goto(`${server.url}/bench`);
			await page.getByText('bench ready').waitFor({ timeout: 60_000 });
		};
		await openBenchPage();

		/** Calls window.tesseraBench[method](...args) in the page. */
		const call = (method, ...args) => page.evaluate(([m, a]) => /** @type {any} */ (window).tesseraBench[m](...a), [method, args]);
		const parse = (name, key, oneThread = false) =>
			page.evaluate(([n, k, one]) => /** @type {any} */ (window).tesseraBench.parseUrl(`/bench-data/${n}`, k, one), [name, key, oneThread]);

		/** Runs one case, catching its failure; `fn` returns a partial CaseResult. */
		const runCase = async (id, fn) => {
			if (!only(id)) return;
			const def = caseDef(id);
			const base = {
				id,
				name: def?.name ?? id,
				where: 'browser',
				...(def?.backend ? { backend: def.backend } : {}),
				tessera: null,
				reference: null,
				target: def?.target
			};
			const t0 = Date.now();
			log(`browser: ${id}…`);
			try {
				let partial;
				try {
					partial = await withTimeout(fn(), caseTimeout, id);
				} catch (e) {
					// The build was replaced while the page was open (its lazy chunks are gone): reload once.
					if (!/dynamically imported module|Importing a module script failed/.test(errorText(e))) throw e;
					log(`browser: ${id}: the build changed under the page; reloading /bench and retrying`);
					await openBenchPage();
					partial = await withTimeout(fn(), caseTimeout, id);
				}
				const result = { ...base, ...partial };
				results.push(result);
				log(`browser: ${id} done in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${summary(result)}`);
			} catch (e) {
				results.push({ ...base, tessera: null, note: errorText(e) });
				log(`browser: ${id} failed: ${errorText(e)}`);
				// A case that timed out may leave the worker busy: start from a fresh page.
				await openBenchPage().catch((err) => log(`browser: could not reopen /bench: ${errorText(err)}`));
			}
		};

		/** One warm-up, then `repeats` runs; returns the median ms, the runs and the last result. */
		const repeated = async (fn) => {
			let last = await fn();
			const runs = [];
			for (let i = 0; i < repeats; i++) {
				last = await fn();
				runs.push(last.ms);
			}
			return { ms: median(runs), runs: runs.map((r) => round(r)), last };
		};

		// ---- import, profile, persistence (the import file) ------------------------------
		const needImport = ['import-csv', 'profile', 'persist-store', 'persist-reopen'].some(only);
		let importMs = null;
		let importGeneration = -1;
		if (needImport) {
			await runCase('import-csv', async () => {
				// The same reader on a pool of one first (its frame is replaced by the all-threads parse).
				const one = await repeated(() => parse('import.csv', 'import', true));
				const r = await repeated(() => parse('import.csv', 'import'));
				importMs = r.ms;
				importGeneration = generation;
				return {
					tessera: {
						ms: r.ms,
						bytes: r.last.bytes,
						extra: { rows: r.last.rows, cols: r.last.cols, runs: r.runs, threads: r.last.threads, oneThreadMs: one.ms }
					},
					note: 'Blob → columns as the studio imports: bytes cut at record boundaries, chunks parsed on the compute pool, typed columns merged in order (csv-parallel.ts); 1 MB chunks handed to threads one at a time (work stealing), numbers parsed while their cells are scanned'
				};
			});
			/** Parses the import file unless this page's worker holds it already. */
			const ensureImported = async () => {
				if (importGeneration === generation) return;
				const r = await parse('import.csv', 'import');
				importMs ??= r.ms;
				importGeneration = generation;
			};

			await runCase('profile', async () => {
				await ensureImported();
				const r = await repeated(() => call('profile', 'import'));
				return { tessera: { ms: r.ms, extra: { runs: r.runs } } };
			});

			let stored = [];
			await runCase('persist-store', async () => {
				await ensureImported();
				// Every store writes a new copy (fresh key), so all runs do the full write.
				const r = await repeated(async () => {
					const s = await call('store', 'import');
					stored.push(s.hash);
					return s;
				});
				return { tessera: { ms: r.ms, extra: { runs: r.runs, reparseMs: round(importMs) } } };
			});
			await runCase('persist-reopen', async () => {
				await ensureImported();
				if (!stored.length) stored.push((await call('store', 'import')).hash);
				const hashes = [...stored];
				let i = 0;
				const r = await repeated(() => call('reopen', hashes[i++ % hashes.length]));
				return {
					tessera: { ms: r.ms, extra: { runs: r.runs, reparseMs: round(importMs), rows: r.last.rows } },
					met: importMs !== null ? r.ms < importMs : null,
					note: `re-parsing the CSV takes ${round(importMs)} ms`
				};
			});
			for (const h of stored) await call('unstore', h).catch(() => {});
			await call('drop', 'import').catch(() => {});
			await page.evaluate(() => /** @type {any} */ (window).tesseraBench.forget('/bench-data/import.csv')).catch(() => {});
		}

		// ---- correlation ----------------------------------------------------------------
		await runCase('correlation', async () => {
			const parsed = await parse('corr.csv', 'corr');
			const r = await repeated(() => call('correlation', 'corr'));
			await call('drop', 'corr');
			await page.evaluate(() => /** @type {any} */ (window).tesseraBench.forget('/bench-data/corr.csv'));
			return { tessera: { ms: r.ms, extra: { runs: r.runs, rows: parsed.rows, columns: r.last.columns } } };
		});

		// ---- models ---------------------------------------------------------------------
		const modelCases = ['logistic', 'mlp-auto', 'mlp-wasm', 'mlp-webgl', 'mlp-webgpu', 'mlp-cpu'];
		if (modelCases.some(only)) {
			let classify = null;
			let classifyGeneration = -1;
			const ensureClassify = async () => {
				if (classifyGeneration !== generation) {
					classify = await parse('classify.csv', 'classify');
					classifyGeneration = generation;
				}
				return classify;
			};

			await runCase('logistic', async () => {
				await ensureClassify();
				const r = await repeated(() => call('logistic', 'classify', trainFraction));
				return {
					tessera: {
						ms: r.ms,
						accuracy: r.last.accuracy,
						extra: {
							runs: r.runs,
							iterations: r.last.iterations,
							converged: r.last.converged,
							trainRows: r.last.trainRows,
							features: r.last.features,
							threads: r.last.threads
						}
					}
				};
			});

			// What the studio's MLP node does on Auto: our dense kernels in the engine worker (no tfjs).
			await runCase('mlp-auto', async () => {
				await ensureClassify();
				await call('head', 'classify', 2_000, 'classify-warm');
				await call('mlp', 'classify-warm', 'auto', 1, trainFraction);
				await call('drop', 'classify-warm');
				const run = await call('mlp', 'classify', 'auto', epochs, trainFraction);
				return {
					backend: run.backend,
					tessera: {
						ms: run.ms,
						perEpochMs: run.perEpochMs,
						accuracy: run.accuracy,
						extra: { epochs: run.epochs, epochMs: run.epochMs.map((x) => round(x)), trainRows: run.trainRows, threads: run.threads ?? 1 }
					}
				};
			});

			let backendInfo = null;
			for (const backend of ['wasm', 'webgl', 'webgpu', 'cpu']) {
				await runCase(`mlp-${backend}`, async () => {
					await ensureClassify();
					backendInfo ??= await call('backends');
					const candidate = backendInfo.candidates.find((c) => c.name === backend);
					if (!candidate?.available) return { tessera: null, note: `${backend} unavailable here: ${candidate?.note ?? 'not detected'}` };
					const software =
						(backend === 'webgpu' && candidate.softwareFallback) ||
						(backend === 'webgl' && /swiftshader|llvmpipe|software/i.test(backendInfo.webglRenderer ?? ''));
					const notes = [];
					if (software) notes.push(`software rendering (${backend === 'webgl' ? backendInfo.webglRenderer : candidate.note})`);

					let key = 'classify';
					if (quick && software) {
						await call('head', 'classify', QUICK_GPU_ROWS, 'classify-small');
						key = 'classify-small';
						notes.push(`--quick: ${QUICK_GPU_ROWS.toLocaleString('en-US')}-row subset (first ${Math.round(trainFraction * 100)}% train)`);
					}
					// Warm-up: initialise the backend and compile its kernels on a small slice, 1 epoch.
					await call('head', 'classify', 2_000, 'classify-warm');
					const warm = await call('mlp', 'classify-warm', backend, 1, trainFraction);
					if (warm.backend !== backend) {
						return { tessera: null, note: `${backend} could not be activated (tfjs fell back to ${warm.backend})` };
					}
					let run;
					if (backend !== 'wasm' && !(quick && software)) {
						// Slow backends: one epoch first; run all epochs only when that fits the budget.
						const probe = await call('mlp', key, backend, 1, trainFraction);
						if (probe.perEpochMs * epochs > SLOW_BACKEND_BUDGET_MS) {
							run = probe;
							notes.push(
								`1 epoch only (${epochs} would take ~${Math.round((probe.perEpochMs * epochs) / 1000)} s); accuracy after 1 epoch`
							);
						}
					}
					run ??= await call('mlp', key, backend, epochs, trainFraction);
					await call('drop', 'classify-warm');
					return {
						backend: run.backend,
						tessera: {
							ms: run.ms,
							perEpochMs: run.perEpochMs,
							accuracy: run.accuracy,
							extra: { epochs: run.epochs, epochMs: run.epochMs.map((x) => round(x)), trainRows: run.trainRows }
						},
						...(notes.length ? { note: notes.join('; ') } : {})
					};
				});
			}
			await call('drop', 'classify').catch(() => {});
			await call('drop', 'classify-small').catch(() => {});
		}
		await page?.close().catch(() => {});

		// ---- the real app: start-up and responsiveness ----------------------------------
		const appCases = ['startup', 'longtask-import', 'longtask-train'];
		if (appCases.some(only)) {
			browser = await chromium.launch({ executablePath, args: LAUNCH_ARGS, headless: true });
			await runCase('startup', () => startupCase(browser, server.url, Math.max(1, repeats)));
			if (['longtask-import', 'longtask-train'].some(only)) {
				const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 800 } });
				try {
					const studio = await context.newPage();
					studio.on('pageerror', (e) => log(`browser: studio page error: ${errorText(e)}`));
					let ready = false;
					const openStudio = async () => {
						if (ready) return;
						await studio.goto(server.url + '/');
						await studio.getByTestId('new-project').click();
						await studio.getByTestId('project-name-input').fill('Benchmark');
						await studio.getByTestId('project-name-input').press('Enter');
						await studio.waitForURL(/\/studio/);
						ready = true;
					};
					await runCase('longtask-import', async () => {
						await openStudio();
						const r = await duringLongTasks(studio, () => uploadInStudio(studio, dataFiles.import, caseTimeout));
						return {
							tessera: r.measure,
							met: r.measure.count === 0,
							note: `upload of ${path.basename(dataFiles.import)} through the file chooser until the status line reports it imported`
						};
					});
					await runCase('longtask-train', async () => {
						await openStudio();
						// The studio trains classifiers on category targets only: a 0/1 number column
						// is a regression target there. Upload a copy whose label reads no/yes.
						const file = await categoricalLabelCopy(dataFiles.classify, profileDir);
						await uploadInStudio(studio, file, caseTimeout);
						const r = await duringLongTasks(studio, () => quickModelMlp(studio, path.basename(file), caseTimeout));
						return {
							tessera: { ...r.measure, accuracy: r.result },
							met: r.measure.count === 0,
							note: 'Quick model (MLP, default epochs, auto backend) on the classification data (label 0/1 written as no/yes) until the test accuracy shows'
						};
					});
				} finally {
					await context.close().catch(() => {});
				}
			}
		}
	} finally {
		await persistent?.close().catch(() => {});
		await browser?.close().catch(() => {});
		await server?.close().catch(() => {});
		if (profileDir) await fsp.rm(profileDir, { recursive: true, force: true }).catch(() => {});
	}
	return results;
}

/** Answers GET /bench-data/<name> from `files` (name → path) before the app's own handler. */
function serveDataFiles(server, files) {
	const [app] = server.listeners('request');
	server.removeAllListeners('request');
	server.on('request', (req, res) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		if (!url.pathname.startsWith('/bench-data/')) return app.call(server, req, res);
		const file = files[decodeURIComponent(url.pathname.slice('/bench-data/'.length))];
		const headers = {
			'Cross-Origin-Opener-Policy': 'same-origin',
			'Cross-Origin-Embedder-Policy': 'require-corp',
			'Cross-Origin-Resource-Policy': 'same-origin',
			'Cache-Control': 'no-store'
		};
		if (!file || !fs.existsSync(file)) {
			res.writeHead(404, { 'Content-Type': 'text/plain', ...headers }).end('no such bench file');
			return;
		}
		res.writeHead(200, { 'Content-Type': 'text/csv', 'Content-Length': fs.statSync(file).size, ...headers });
		fs.createReadStream(file, { highWaterMark: 1 << 20 })
			.on('error', () => res.destroy())
			.pipe(res);
	});
}

function summary(r) {
	const t = r.tessera;
	if (!t) return `no figure${r.note ? ` (${r.note})` : ''}`;
	const parts = [`${round(t.ms)} ms`];
	if (t.perEpochMs !== undefined) parts.push(`${round(t.perEpochMs)} ms/epoch`);
	if (t.accuracy !== undefined) parts.push(`accuracy ${t.accuracy.toFixed(4)}`);
	if (t.bytes !== undefined) parts.push(`${t.bytes.toLocaleString('en-US')} bytes`);
	if (t.count !== undefined) parts.push(r.id.startsWith('longtask') ? `${t.count} tasks > 50 ms` : `count ${t.count}`);
	if (r.backend) parts.push(r.backend);
	return parts.join(', ');
}

/**
 * Start-up, in fresh contexts (empty HTTP cache): time from navigation start until the
 * "New project" button is visible and enabled, and the gzipped size of every script the
 * page loaded by then (worker scripts excluded: they run off the page thread).
 */
async function startupCase(browser, baseUrl, repeats) {
	const times = [];
	let scripts = null;
	for (let i = 0; i <= repeats; i++) {
		const context = await browser.newContext({ serviceWorkers: 'block' });
		try {
			const page = await context.newPage();
			await page.goto(baseUrl + '/', { waitUntil: 'commit' });
			const handle = await page.waitForFunction(
				() => {
					const b = /** @type {HTMLButtonElement | null} */ (document.querySelector('[data-testid="new-project"]'));
					if (!b || b.disabled) return false;
					const r = b.getBoundingClientRect();
					return r.width > 0 && r.height > 0 && getComputedStyle(b).visibility !== 'hidden' ? performance.now() : false;
				},
				undefined,
				{ polling: 'raf', timeout: 60_000 }
			);
			const tti = await handle.jsonValue();
			if (i > 0) times.push(tti); // the first load warms the server's file cache
			scripts ??= await page.evaluate((until) => {
				return performance
					.getEntriesByType('resource')
					.filter((e) => e.startTime <= until)
					.map((e) => ({ url: e.name, type: /** @type {PerformanceResourceTiming} */ (e).initiatorType }))
					.filter((e) => new URL(e.url).pathname.endsWith('.js') || e.type === 'script');
			}, tti);
		} finally {
			await context.close();
		}
	}
	const pageScripts = scripts.filter((s) => !new URL(s.url).pathname.includes('/_app/immutable/workers/'));
	const workerScripts = scripts.length - pageScripts.length;
	let raw = 0;
	let gzip = 0;
	const files = [];
	for (const s of pageScripts) {
		// The bytes the server sent: read from build/ (the server serves it verbatim).
		const local = path.join(buildDir, decodeURIComponent(new URL(s.url).pathname));
		const body =
			local.startsWith(buildDir + path.sep) && fs.existsSync(local)
				? fs.readFileSync(local)
				: Buffer.from(await (await fetch(s.url)).arrayBuffer());
		const gz = zlib.gzipSync(body, { level: 6 }).length;
		raw += body.length;
		gzip += gz;
		files.push({ file: new URL(s.url).pathname, bytes: body.length, gzip: gz });
	}
	files.sort((a, b) => b.gzip - a.gzip);
	return {
		tessera: {
			ms: median(times),
			bytes: gzip,
			count: pageScripts.length,
			extra: { rawBytes: raw, runs: times.map((t) => round(t)), workerScriptsBeforeInteractive: workerScripts, largest: files.slice(0, 5) }
		},
		met: gzip < STARTUP_JS_BUDGET,
		note: `gzip level 6 of each page script loaded before "New project" is enabled; ms = navigation start → interactive, localhost, fresh cache`
	};
}

/** A copy of a CSV whose last column (`label`, 0/1) reads no/yes, so the studio sees a category. */
async function categoricalLabelCopy(file, dir) {
	const out = path.join(dir, path.basename(file).replace(/\.csv$/i, '') + '-labelled.csv');
	const lines = readline.createInterface({ input: fs.createReadStream(file, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
	const sink = fs.createWriteStream(out, { highWaterMark: 1 << 22 });
	let header = true;
	let buffer = [];
	const flush = async () => {
		if (!sink.write(buffer.join(''))) await new Promise((r) => sink.once('drain', r));
		buffer = [];
	};
	for await (const line of lines) {
		if (header) {
			if (!/(^|,)label$/.test(line)) throw new Error(`${path.basename(file)}: the last column is not "label"`);
			buffer.push(line + '\n');
			header = false;
			continue;
		}
		if (!line) continue;
		const cut = line.lastIndexOf(',');
		const value = line.slice(cut + 1);
		buffer.push(line.slice(0, cut + 1) + (Number(value) > 0.5 ? 'yes' : 'no') + '\n');
		if (buffer.length >= 20_000) await flush();
	}
	await flush();
	await new Promise((resolve, reject) => sink.end((e) => (e ? reject(e) : resolve())));
	return out;
}

/** Runs `action` with a long-task observer installed on the page thread first. */
async function duringLongTasks(page, action) {
	await page.evaluate(() => {
		const w = /** @type {any} */ (window);
		w.__benchLongTasks = [];
		w.__benchObserver?.disconnect();
		w.__benchObserver = new PerformanceObserver((list) => {
			for (const e of list.getEntries()) w.__benchLongTasks.push(e.duration);
		});
		w.__benchObserver.observe({ type: 'longtask', buffered: false });
	});
	const t0 = Date.now();
	const result = await action();
	const wallMs = Date.now() - t0;
	// Entries are delivered asynchronously: give the observer a moment.
	await page.waitForTimeout(200);
	const tasks = await page.evaluate(() => {
		const w = /** @type {any} */ (window);
		w.__benchObserver?.disconnect();
		return /** @type {number[]} */ (w.__benchLongTasks);
	});
	const over = tasks.filter((d) => d > 50);
	return {
		result,
		measure: { ms: over.length ? Math.max(...over) : 0, count: over.length, extra: { wallMs, tasks: tasks.map((d) => round(d)) } }
	};
}

/** Uploads a CSV through the studio's file chooser and waits until the status line says it is imported. */
async function uploadInStudio(page, file, timeout) {
	const name = path.basename(file);
	await page.getByTestId('upload-input').setInputFiles(file);
	const status = page.getByTestId('status-line');
	await status.getByText(new RegExp(`Imported ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)).waitFor({ timeout });
}

/** Quick model → the uploaded dataset, target `label`, classification, MLP; waits for the test accuracy. */
async function quickModelMlp(page, datasetName, timeout) {
	await page.getByTestId('quick-model').click();
	const select = page.getByTestId('quick-dataset');
	const value = await select.evaluate((el, name) => {
		const option = [.../** @type {HTMLSelectElement} */ (el).options].find((o) => o.value.startsWith('stored:') && o.text.startsWith(name));
		return option?.value ?? null;
	}, datasetName);
	if (!value) throw new Error(`${datasetName} is not among the uploaded datasets in Quick model`);
	await select.selectOption(value);
	await page
		.getByTestId('quick-target')
		.locator('option', { hasText: /^label ·/ })
		.waitFor({ state: 'attached', timeout: 60_000 });
	await page.getByTestId('quick-target').selectOption('label');
	await page.getByTestId('quick-task').getByRole('radio', { name: 'Classification' }).check();
	await page.getByTestId('quick-family').selectOption('mlp');
	await page.getByTestId('quick-go').click();
	const cell = page.getByTestId('metric-test-accuracy');
	const deadline = Date.now() + timeout;
	for (;;) {
		const text = (await cell.count()) ? await cell.first().textContent() : null;
		if (text && /^\d\.\d{4}$/.test(text.trim())) return Number(text.trim());
		if (Date.now() > deadline) throw new Error('the test accuracy did not appear');
		const failed = page.locator('[data-status="error"]');
		if (await failed.count()) {
			const first = failed.first();
			const what = [await first.getAttribute('data-type'), await first.getAttribute('title')].filter(Boolean).join(': ');
			throw new Error(`a node of the Quick model pipeline failed (${what})`);
		}
		// Once the run is over the Evaluate node may need selecting to show its metrics.
		const evaluate = page.locator('.svelte-flow__node [data-type="evaluate.metrics"]').first();
		if ((await evaluate.getAttribute('data-status').catch(() => null)) === 'done' && !(await cell.count()))
			await evaluate.click().catch(() => {});
		await page.waitForTimeout(250);
	}
}

// Lets `node bench/browser.mjs import.csv corr.csv classify.csv [--quick]` try the cases alone.
if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
	const args = process.argv.slice(2);
	const [imp, corr, classify] = args.filter((a) => !a.startsWith('--'));
	if (!imp || !corr || !classify || ![imp, corr, classify].every((f) => fs.existsSync(f))) {
		console.error('Usage: node bench/browser.mjs <import.csv> <corr.csv> <classify.csv> [--quick] [--only=id,id]');
		process.exit(2);
	}
	const onlyArg = args.find((a) => a.startsWith('--only='));
	const ids = onlyArg ? onlyArg.slice('--only='.length).split(',') : null;
	const results = await runBrowserCases({
		log: (msg) => console.error(msg),
		dataFiles: { import: imp, corr, classify },
		quick: args.includes('--quick'),
		repeats: args.includes('--quick') ? 1 : 3,
		only: ids ? (id) => ids.includes(id) : undefined
	});
	console.log(JSON.stringify(results, null, 2));
}
