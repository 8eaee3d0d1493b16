#!/usr/bin/env node
// A zero-dependency static server for the production build in build/.
//
//   node scripts/serve.mjs [--port 4173] [--build-if-needed]
//
// It sends the cross-origin isolation headers (COOP/COEP/CORP) that tfjs needs for
// SharedArrayBuffer, serves the SPA fallback (build/index.html) for paths without an
// extension, and never serves a file outside build/.
// `startServer({ port, root })` and `ensureBuild()` are exported for the e2e runner and
// the benchmarks.
import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MANIFEST, mb, writePrecacheManifest } from './precache.mjs';
import { CSP_HEADER_EXTRA, CSP_REPORT_PATH, cspText, metaPolicy } from './csp.mjs';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const buildDir = path.join(projectRoot, 'build');

const MIME = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.map': 'application/json; charset=utf-8',
	'.webmanifest': 'application/manifest+json; charset=utf-8',
	'.wasm': 'application/wasm',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg',
	'.gif': 'image/gif',
	'.webp': 'image/webp',
	'.ico': 'image/x-icon',
	'.csv': 'text/csv; charset=utf-8',
	'.tsv': 'text/tab-separated-values; charset=utf-8',
	'.txt': 'text/plain; charset=utf-8',
	'.md': 'text/markdown; charset=utf-8',
	'.parquet': 'application/octet-stream',
	'.arrow': 'application/vnd.apache.arrow.file',
	'.woff': 'font/woff',
	'.woff2': 'font/woff2'
};

const ISOLATION = {
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Embedder-Policy': 'require-corp',
	'Cross-Origin-Resource-Policy': 'same-origin'
};

/** Files whose change makes the build stale (directories are walked). */
const BUILD_INPUTS = ['src', 'static', 'workers', 'svelte.config.js', 'vite.config.ts', 'package.json'];

/** Newest modification time under `p` (a file or directory), 0 when it does not exist. */
function newestMtime(p) {
	let stat;
	try {
		stat = fs.statSync(p);
	} catch {
		return 0;
	}
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const entry of fs.readdirSync(p)) {
		if (entry === 'node_modules' || entry.startsWith('.')) continue;
		newest = Math.max(newest, newestMtime(path.join(p, entry)));
	}
	return newest;
}

/** Why the build in build/ is missing or older than its sources, or null when it is fresh. */
export function buildStaleReason(root = projectRoot) {
	const index = path.join(root, 'build', 'index.html');
	if (!fs.existsSync(index)) return 'build/index.html is missing';
	if (!fs.existsSync(path.join(root, 'build', MANIFEST))) return `build/${MANIFEST} is missing`;
	const built = fs.statSync(index).mtimeMs;
	for (const input of BUILD_INPUTS) {
		if (newestMtime(path.join(root, input)) > built) return `${input} changed since the last build`;
	}
	return null;
}

/** Runs `vite build` and lists its files for the offline cache when the build is stale. Throws when the build fails. */
export function ensureBuild({ root = projectRoot, log = console.log } = {}) {
	const reason = buildStaleReason(root);
	if (!reason) return false;
	log(`Building Tessera (${reason})…`);
	const localVite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
	const [cmd, args] = fs.existsSync(localVite) ? [process.execPath, [localVite, 'build']] : ['npx', ['vite', 'build']];
	const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) {
		throw new Error(`vite build failed (exit code ${result.status ?? result.signal})`);
	}
	const manifest = writePrecacheManifest(path.join(root, 'build'));
	log(`Offline cache: ${manifest.files.length} files, ${mb(manifest.totalBytes)} (budget ${mb(manifest.budgetBytes)})`);
	return true;
}

/** Maps a URL path to a file under root, or null for a path that escapes root. */
function resolveInside(root, urlPath) {
	let decoded;
	try {
		decoded = decodeURIComponent(urlPath);
	} catch {
		return null;
	}
	if (decoded.includes('\0')) return null;
	const file = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
	if (file !== root && !file.startsWith(root + path.sep)) return null;
	return file;
}

async function fileStat(file) {
	try {
		const stat = await fsp.stat(file);
		return stat.isFile() ? stat : null;
	} catch {
		return null;
	}
}

/**
 * A browser's CSP violation report: one line on stderr, and a line in $CSP_REPORT_FILE when set
 * (the e2e suite fails on any), written before the answer. Bodies over 64 KB are cut off; the answer is always 204.
 */
async function takeCspReport(req, res) {
	let body = '';
	for await (const chunk of req) {
		body += chunk;
		if (body.length > 65_536) break;
	}
	let report = null;
	try {
		report = JSON.parse(body)['csp-report'] ?? null;
	} catch {
		report = null;
	}
	if (!report) {
		res.writeHead(204, ISOLATION).end();
		return;
	}
	const line = {
		directive: report['violated-directive'] ?? report['effective-directive'] ?? '',
		blocked: report['blocked-uri'] ?? '',
		page: report['document-uri'] ?? '',
		source: report['source-file'] ? `${report['source-file']}:${report['line-number'] ?? ''}` : ''
	};
	console.error(`CSP violation: ${line.directive} blocked ${line.blocked || '(inline)'} on ${line.page} ${line.source}`.trim());
	// Written before the answer, so whoever waits for the answer finds the line.
	if (process.env.CSP_REPORT_FILE) await fsp.appendFile(process.env.CSP_REPORT_FILE, JSON.stringify(line) + '\n');
	res.writeHead(204, ISOLATION).end();
}

/**
 * Starts the server. Resolves with `{ server, port, url, close() }` once it listens.
 * Pass `port: 0` for a free port.
 */
export function startServer({ port = 4173, root = buildDir, host } = {}) {
	const rootDir = path.resolve(root);
	const fallback = path.join(rootDir, 'index.html');

	const server = http.createServer(async (req, res) => {
		try {
			if (req.method === 'POST' && req.url === CSP_REPORT_PATH) {
				await takeCspReport(req, res);
				return;
			}
			if (req.method !== 'GET' && req.method !== 'HEAD') {
				res.writeHead(405, { Allow: 'GET, HEAD', ...ISOLATION }).end();
				return;
			}
			const url = new URL(req.url ?? '/', 'http://localhost');
			let file = resolveInside(rootDir, url.pathname);
			if (!file) {
				res.writeHead(400, { 'Content-Type': 'text/plain', ...ISOLATION }).end('Bad request');
				return;
			}
			let stat = await fileStat(file);
			if (!stat && (await fileStat(path.join(file, 'index.html')))) {
				file = path.join(file, 'index.html');
				stat = await fileStat(file);
			}
			if (!stat && path.extname(file) === '') {
				// SPA fallback: the client-side router handles this path.
				file = fallback;
				stat = await fileStat(file);
			}
			if (!stat) {
				res.writeHead(404, { 'Content-Type': 'text/plain', ...ISOLATION }).end('Not found');
				return;
			}

			const ext = path.extname(file).toLowerCase();
			const rel = path.relative(rootDir, file).split(path.sep).join('/');
			const noCache = ext === '.html' || rel === 'service-worker.js' || ext === '.webmanifest';
			const immutable = rel.startsWith('_app/immutable/');
			const headers = {
				'Content-Type': MIME[ext] ?? 'application/octet-stream',
				'Content-Length': stat.size,
				'Last-Modified': stat.mtime.toUTCString(),
				'Cache-Control': noCache ? 'no-cache' : immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate',
				'X-Content-Type-Options': 'nosniff',
				...ISOLATION
			};
			if (rel === 'service-worker.js') headers['Service-Worker-Allowed'] = '/';
			if (ext === '.html') {
				// The page's own <meta> policy (with SvelteKit's script hashes) as a header, plus what a <meta> cannot say.
				const policy = metaPolicy(await fsp.readFile(file, 'utf8')) ?? cspText();
				headers['Content-Security-Policy'] = `${policy}; ${CSP_HEADER_EXTRA}`;
			}
			res.writeHead(200, headers);
			if (req.method === 'HEAD') {
				res.end();
				return;
			}
			fs.createReadStream(file)
				.on('error', () => res.destroy())
				.pipe(res);
		} catch (error) {
			if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain', ...ISOLATION });
			res.end(String(error));
		}
	});

	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			const address = server.address();
			const actualPort = typeof address === 'object' && address ? address.port : port;
			resolve({
				server,
				port: actualPort,
				url: `http://localhost:${actualPort}`,
				close: () =>
					new Promise((done) => {
						server.close(() => done());
						server.closeAllConnections();
					})
			});
		});
	});
}

function parseArgs(argv) {
	const options = { port: Number(process.env.PORT) || 4173, buildIfNeeded: false, root: buildDir };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--build-if-needed') options.buildIfNeeded = true;
		else if (arg === '--port') options.port = Number(argv[++i]);
		else if (arg.startsWith('--port=')) options.port = Number(arg.slice('--port='.length));
		else if (arg === '--root') options.root = path.resolve(argv[++i]);
		else if (arg === '--help' || arg === '-h') {
			console.log('Usage: node scripts/serve.mjs [--port 4173] [--build-if-needed] [--root build]');
			process.exit(0);
		} else {
			console.error(`Unknown option: ${arg}`);
			process.exit(2);
		}
	}
	if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
		console.error('--port needs a number between 0 and 65535');
		process.exit(2);
	}
	return options;
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	if (options.buildIfNeeded) {
		try {
			ensureBuild();
		} catch (error) {
			console.error(error instanceof Error ? error.message : error);
			process.exit(1);
		}
	}
	if (!fs.existsSync(path.join(options.root, 'index.html'))) {
		console.error(
			`No build found in ${path.relative(process.cwd(), options.root) || '.'}/. ` +
				'Run `npm run build` first, or `npm start` to build and serve.'
		);
		process.exit(1);
	}
	let running;
	try {
		running = await startServer({ port: options.port, root: options.root });
	} catch (error) {
		if (error && error.code === 'EADDRINUSE') {
			console.error(`Port ${options.port} is in use. Pick another with --port or PORT=…`);
			process.exit(1);
		}
		throw error;
	}
	console.log(`Tessera is running at ${running.url}`);
	const stop = () => running.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
	await main();
}
