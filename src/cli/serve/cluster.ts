/**
 * Metrics across `--workers`: each worker counts into its own registry, and a scrape reaches
 * whichever worker the primary hands the connection to. So a worker answers /metrics by
 * asking the primary, which gathers every worker's registry with prom-client's
 * AggregatorRegistry (counters and histograms summed, the drift gauge averaged) — one scrape
 * sees the whole server.
 */
import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

const ASK = 'tessera:metrics';

interface Ask {
	readonly type: typeof ASK;
	readonly id: number;
}
interface Answer extends Ask {
	readonly text?: string;
	readonly error?: string;
}

const isAsk = (m: unknown): m is Ask => m !== null && typeof m === 'object' && (m as Ask).type === ASK;

/** In the primary: answer workers' requests for the cluster's metrics. */
export function answerMetricsRequests(): void {
	const aggregator = new AggregatorRegistry();
	cluster.on('message', (worker, message: unknown) => {
		if (!isAsk(message)) return;
		const reply = (a: Omit<Answer, 'type' | 'id'>) => worker.isConnected() && worker.send({ type: ASK, id: message.id, ...a });
		aggregator.clusterMetrics().then(
			(text) => reply({ text }),
			(e: unknown) => reply({ error: e instanceof Error ? e.message : String(e) })
		);
	});
}

/** In a worker: offer `registry` to the primary's aggregation, and return the function that asks for the whole cluster's text. */
export function clusterMetricsOf(registry: Registry): () => Promise<string> {
	// Constructing one installs prom-client's worker-side listener; setRegistries says what it reports.
	new AggregatorRegistry();
	AggregatorRegistry.setRegistries([registry]);
	let next = 0;
	const pending = new Map<number, { resolve: (text: string) => void; reject: (e: Error) => void }>();
	process.on('message', (message: unknown) => {
		if (!isAsk(message)) return;
		const answer = message as Answer;
		const p = pending.get(answer.id);
		if (!p) return;
		pending.delete(answer.id);
		if (answer.text !== undefined) p.resolve(answer.text);
		else p.reject(new Error(answer.error ?? 'no metrics from the primary'));
	});
	return () =>
		new Promise<string>((resolve, reject) => {
			const id = next++;
			pending.set(id, { resolve, reject });
			process.send!({ type: ASK, id } satisfies Ask);
		});
}
