/**
 * The HTTP side of `tessera serve`: Fastify routes for the Open Inference Protocol (KServe V2)
 * and MLflow's scoring server, Prometheus metrics, capture. Everything about reading rows and
 * answering in a protocol's shapes is pure code in core/serving; scoring is core/scoring,
 * the very functions `tessera predict` uses.
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Registry } from '../../lib/core/nodes/registry';
import type { RawChunk } from '../../lib/core/scoring/coerce';
import { scoreChunk, type ScoredChunk } from '../../lib/core/scoring/score';
import { csvChunk, mlflowChunk, mlflowResponse, MLFLOW_SCHEMA, wantsProba, type MlflowError } from '../../lib/core/serving/mlflow';
import { checkScored, coerceRequest, ServingError } from '../../lib/core/serving/table';
import { RowLimitError, v2Chunk, v2Metadata, v2Response, V2_INFER_SCHEMA, type V2InferRequest } from '../../lib/core/serving/v2';
import { TESSERA_VERSION } from '../../lib/core/version';
import type { Capture } from './capture';
import { createMetrics, type ServerMetrics } from './metrics';
import type { Catalog, ServedModel } from './models';

export interface ServeLimits {
	/** Largest request body in bytes (413 beyond). */
	readonly maxBody: number;
	/** Most rows in one request (413 beyond). */
	readonly maxBatch: number;
	/** Most scoring requests in flight, from their first byte to their answer (503 with Retry-After beyond). */
	readonly maxConcurrency: number;
}

export const DEFAULT_LIMITS: ServeLimits = { maxBody: 10 * 1024 * 1024, maxBatch: 100_000, maxConcurrency: 256 };

export interface AppOptions {
	readonly catalog: Catalog;
	readonly registry: Registry;
	readonly limits?: Partial<ServeLimits>;
	readonly capture?: Capture | null;
	readonly rejectUnseen?: boolean;
	/** Process-level metrics (CPU, memory, event loop); off in tests that count lines. */
	readonly defaultMetrics?: boolean;
	/** The /metrics text when it is not this process's registry alone (--workers: the whole cluster's). */
	readonly metricsText?: () => Promise<string>;
	/** Where faults of the server itself are written (Fastify's own logger stays off: one line per request is not wanted). */
	readonly log?: (line: string) => void;
	/** Shutting down: readiness answers 503 so a balancer stops sending. */
	readonly draining?: () => boolean;
	/** Each answered scoring request with the version it was pinned to (automatic rollback watches these). */
	readonly onScored?: (served: ServedModel, status: number, latencyMs: number) => void;
}

interface Labels {
	model: string;
	version: string;
}

/**
 * What the hooks know of one request, kept on the request itself: four weak collections keyed
 * by request (the earlier way) cost a hash insert each per request and ephemeron work in every
 * garbage collection, a measurable share of a single-row request's time.
 */
interface RequestState {
	/** performance.now() at the first byte. */
	readonly started: number;
	/** A scoring request admitted under --max-concurrency and not yet answered. */
	admitted: boolean;
	/** onResponse and onRequestAbort can both fire for one request: counted once. */
	answered: boolean;
	/** The model version pinned at the first byte (a swap midway leaves the request on it). */
	pinned: ServedModel | null;
}

declare module 'fastify' {
	interface FastifyRequest {
		tessera: Labels;
		tesseraState: RequestState;
	}
}

const isMlflow = (url: string) => url.startsWith('/invocations');

/** The error body of the protocol a URL belongs to. */
function errorBody(url: string, status: number, message: string): { error: string } | MlflowError {
	if (!isMlflow(url)) return { error: message };
	return {
		error_code:
			status === 404
				? 'RESOURCE_DOES_NOT_EXIST'
				: status === 413
					? 'REQUEST_LIMIT_EXCEEDED'
					: status >= 500
						? 'INTERNAL_ERROR'
						: 'BAD_REQUEST',
		message
	};
}

export interface ServeApp {
	readonly app: FastifyInstance;
	readonly metrics: ServerMetrics;
}

export function buildApp(options: AppOptions): ServeApp {
	const limits = { ...DEFAULT_LIMITS, ...options.limits };
	const { catalog, registry, capture } = options;
	const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
	const metrics = createMetrics(() => catalog.all(), options.defaultMetrics ?? true);
	const app = Fastify({
		bodyLimit: limits.maxBody,
		// Types are the protocol's: a string where a number belongs is the client's error, not something to convert.
		ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
		return503OnClosing: true
	});
	let scoring = 0;

	app.decorateRequest('tessera', null as unknown as Labels);
	app.decorateRequest('tesseraState', null as unknown as RequestState);
	app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: limits.maxBody }, (_req, body, done) =>
		done(null, body)
	);

	const finish = (request: FastifyRequest, code: number) => {
		const state = request.tesseraState;
		if (state.answered) return;
		state.answered = true;
		metrics.inFlight.dec();
		const wasScoring = state.admitted;
		state.admitted = false;
		if (wasScoring) scoring--;
		const labels = { ...request.tessera, endpoint: request.routeOptions.url ?? 'unmatched', code: String(code) };
		const seconds = (performance.now() - state.started) / 1000;
		metrics.duration.observe(labels, seconds);
		// A client that hung up (499) says nothing about the version.
		const served = state.pinned;
		if (wasScoring && served && code !== 499) options.onScored?.(served, code, seconds * 1000);
		metrics.requests.inc(labels);
	};
	const isScoring = (request: FastifyRequest) =>
		request.method === 'POST' &&
		(request.url === '/invocations' || request.url.startsWith('/invocations?') || /\/infer(\?|$)/.test(request.url));
	app.addHook('onRequest', async (request, reply) => {
		request.tessera = { model: '', version: '' };
		const state: RequestState = { started: performance.now(), admitted: false, answered: false, pinned: null };
		request.tesseraState = state;
		metrics.inFlight.inc();
		if (!isScoring(request)) return;
		if (scoring >= limits.maxConcurrency) {
			const message = `busy: ${scoring} scoring requests in flight (--max-concurrency ${limits.maxConcurrency}); retry`;
			return reply
				.code(503)
				.header('retry-after', '1')
				.send(errorBody(request.url, 503, message));
		}
		// Counted from the first byte, before the body is read: the limit bounds the bodies held
		// in memory as well as the work queued behind them.
		scoring++;
		state.admitted = true;
		// Pin the model version now, before the body arrives: a swap while the body is still
		// coming in (or while scoring) leaves this request on the version it started with.
		const params = request.params as { name?: string; version?: string };
		const served = params.name
			? catalog.resolve(params.name, params.version)
			: catalog.entries.size === 1
				? catalog.resolve(catalog.entries.keys().next().value!)
				: null;
		if (served) state.pinned = served;
	});
	app.addHook('onResponse', async (request, reply) => finish(request, reply.statusCode));
	app.addHook('onRequestAbort', async (request) => finish(request, 499));

	app.setErrorHandler((error: FastifyError | ServingError | RowLimitError, request, reply) => {
		let status: number;
		let message = error.message;
		if (error instanceof ServingError) status = error.status;
		else if (error instanceof RowLimitError) status = 413;
		else if ('validation' in error && error.validation) {
			status = 400;
			message = `invalid request: ${error.message}`;
		} else if ('statusCode' in error && error.statusCode && error.statusCode >= 400 && error.statusCode < 500) status = error.statusCode;
		else {
			// Only a fault of ours gets here; the message stays in the log, the client gets a plain sentence.
			log(`tessera serve: ${request.method} ${request.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
			status = 500;
			message = 'internal error while scoring; see the server log';
		}
		if (status === 503) reply.header('retry-after', '1');
		return reply.code(status).send(errorBody(request.url, status, message));
	});
	app.setNotFoundHandler((request, reply) =>
		reply.code(404).send(errorBody(request.url, 404, `no such endpoint: ${request.method} ${request.url}`))
	);

	const modelNames = () => [...catalog.entries.keys()].map((n) => `"${n}"`).join(', ');
	/** The model a URL names, as one object for the whole request (a swap cannot change it midway). */
	const modelFor = (request: FastifyRequest, name: string, version?: string): ServedModel => {
		const served = request.tesseraState.pinned ?? catalog.resolve(name, version);
		if (!served) {
			const entry = catalog.entries.get(name);
			if (!entry) throw new ServingError(404, `model "${name}" is not served here (models: ${modelNames()})`);
			throw new ServingError(404, `model "${name}" has no version "${version}" (versions: ${[...entry.versions.keys()].join(', ')})`);
		}
		request.tessera = { model: served.name, version: served.version };
		return served;
	};

	/** Score a chunk as `tessera predict` does; any bad row refuses the request (400). */
	const score = async (served: ServedModel, chunk: RawChunk, decimalComma = false): Promise<ScoredChunk> => {
		const coerced = coerceRequest(served.model.input!, chunk, { rejectUnseen: options.rejectUnseen, decimalComma });
		const scored = await scoreChunk(registry, served.model, coerced);
		checkScored(scored);
		served.drift.add(coerced.frame);
		const labels = { model: served.name, version: served.version };
		metrics.rows.inc(labels, scored.rowCount);
		if (scored.codes) {
			const classes = served.model.classes ?? [];
			const counts = new Map<number, number>();
			for (const c of scored.codes) counts.set(c, (counts.get(c) ?? 0) + 1);
			for (const [c, n] of counts) metrics.predictions.inc({ ...labels, class: classes[c] ?? String(c) }, n);
		}
		return scored;
	};

	const record = (
		served: ServedModel,
		endpoint: string,
		id: string | null,
		t0: number,
		chunk: RawChunk,
		outputs: Record<string, unknown[]>
	) => {
		if (!capture || !capture.sampled()) return;
		const inputs: Record<string, (string | null)[]> = {};
		chunk.names.forEach((name, k) => {
			const col = chunk.columns[k];
			const cells = new Array<string | null>(chunk.rowCount);
			for (let r = 0; r < chunk.rowCount; r++) {
				const v = col.kind === 'text' ? col.cells.get(r) : col.values[r];
				cells[r] = v === null || v === undefined || v === '' ? null : String(v);
			}
			inputs[name] = cells;
		});
		capture.write({
			time: new Date().toISOString(),
			model: served.name,
			version: served.version,
			endpoint,
			id,
			latency_ms: performance.now() - t0,
			rows: chunk.rowCount,
			inputs,
			outputs
		});
	};

	// --- Open Inference Protocol (KServe V2) ---
	const ready = () => catalog.entries.size > 0 && !(options.draining?.() ?? false);
	app.get('/v2/health/live', async () => ({ live: true }));
	app.get('/v2/health/ready', async (_req, reply) => reply.code(ready() ? 200 : 503).send({ ready: ready() }));
	app.get('/v2', async () => ({ name: 'tessera', version: TESSERA_VERSION, extensions: [] }));

	type ModelParams = { name: string; version?: string };
	const metadata = async (request: FastifyRequest<{ Params: ModelParams }>) => {
		const served = modelFor(request, request.params.name, request.params.version);
		const entry = catalog.entries.get(served.name)!;
		return v2Metadata(served.name, [...entry.versions.keys()], served.model);
	};
	app.get('/v2/models/:name', metadata);
	app.get('/v2/models/:name/versions/:version', metadata);
	const modelReady = async (request: FastifyRequest<{ Params: ModelParams }>, reply: FastifyReply) => {
		const served = modelFor(request, request.params.name, request.params.version);
		return reply.code(200).send({ name: served.name, ready: true });
	};
	app.get('/v2/models/:name/ready', modelReady);
	app.get('/v2/models/:name/versions/:version/ready', modelReady);

	const infer = async (request: FastifyRequest<{ Params: ModelParams; Body: V2InferRequest }>) => {
		const t0 = performance.now();
		const served = modelFor(request, request.params.name, request.params.version);
		const body = request.body;
		const chunk = v2Chunk(served.model.input!, body, limits.maxBatch);
		const scored = await score(served, chunk);
		const response = v2Response(served.name, served.version, body.id, served.model, scored, body.outputs);
		record(served, 'v2', body.id ?? null, t0, chunk, Object.fromEntries(response.outputs.map((o) => [o.name, o.data as unknown[]])));
		return response;
	};
	app.post('/v2/models/:name/infer', { schema: { body: V2_INFER_SCHEMA } }, infer);
	app.post('/v2/models/:name/versions/:version/infer', { schema: { body: V2_INFER_SCHEMA } }, infer);

	// --- MLflow scoring server ---
	const only = (request: FastifyRequest): ServedModel => {
		const held = request.tesseraState.pinned;
		if (held) return held;
		const names = [...catalog.entries.keys()];
		if (names.length !== 1)
			throw new ServingError(
				400,
				`this server has ${names.length} models (${modelNames()}): /invocations needs exactly one; use /v2/models/{name}/infer`
			);
		return catalog.resolve(names[0])!;
	};
	app.get('/ping', async (_req, reply) => reply.code(ready() ? 200 : 503).send(''));
	app.get('/health', async (_req, reply) => reply.code(ready() ? 200 : 503).send(''));
	// One schema per content type: JSON bodies are shaped, CSV bodies are text read by the CSV parser.
	const invocationsSchema = {
		body: {
			content: {
				'application/json': { schema: MLFLOW_SCHEMA },
				'text/csv': { schema: { type: 'string' } },
				'text/plain': { schema: { type: 'string' } }
			}
		}
	};
	app.post('/invocations', { schema: invocationsSchema }, async (request) => {
		const t0 = performance.now();
		const served = only(request);
		request.tessera = { model: served.name, version: served.version };
		const body = request.body;
		const input = served.model.input!;
		const { chunk, decimalComma } =
			typeof body === 'string'
				? csvChunk(body, limits.maxBatch)
				: { chunk: mlflowChunk(input, body, limits.maxBatch), decimalComma: false };
		const scored = await score(served, chunk, decimalComma);
		const response = mlflowResponse(served.model, scored, wantsProba(body));
		record(served, 'invocations', null, t0, chunk, { predictions: response.predictions });
		return response;
	});

	// --- Prometheus ---
	app.get('/metrics', async (_req, reply) =>
		reply.type(metrics.registry.contentType).send(await (options.metricsText ? options.metricsText() : metrics.registry.metrics()))
	);

	return { app, metrics };
}
