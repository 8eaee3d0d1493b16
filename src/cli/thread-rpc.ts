import type { MessagePort, Worker } from 'node:worker_threads';

/**
 * Method calls across a Node worker thread, for the CLI's trial threads: a request carries an
 * id, a method name and its arguments (structured clone: typed arrays travel as they are);
 * the reply carries the value or the error's name and message. (The studio's workers use
 * comlink; DESIGN.md §1 keeps comlink to client/ and workers/.)
 */
type Request = { readonly id: number; readonly method: string; readonly args: readonly unknown[] };
type Reply = { readonly id: number; readonly value?: unknown; readonly error?: { readonly name: string; readonly message: string } };

type AsyncApi = Record<string, (...args: never[]) => Promise<unknown>>;

/** Answers calls from the parent thread with `api`'s methods. */
export function serve(api: AsyncApi, port: MessagePort): void {
	port.on('message', (req: Request) => {
		const method = Object.prototype.hasOwnProperty.call(api, req.method) ? api[req.method] : undefined;
		const reply = (r: Omit<Reply, 'id'>) => port.postMessage({ id: req.id, ...r });
		if (!method) return reply({ error: { name: 'Error', message: `no method "${req.method}"` } });
		(method as (...args: readonly unknown[]) => Promise<unknown>)(...req.args).then(
			(value) => reply({ value }),
			(e: unknown) => reply({ error: { name: e instanceof Error ? e.name : 'Error', message: e instanceof Error ? e.message : String(e) } })
		);
	});
}

/** A proxy whose methods call the thread's `serve`d api. */
export function connect<T extends object>(worker: Worker, methods: readonly (keyof T & string)[]): T {
	let next = 0;
	const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
	worker.on('message', (reply: Reply) => {
		const p = pending.get(reply.id);
		if (!p) return;
		pending.delete(reply.id);
		if (reply.error) p.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
		else p.resolve(reply.value);
	});
	const fail = (reason: string) => {
		for (const p of pending.values()) p.reject(new Error(reason));
		pending.clear();
	};
	worker.on('error', (e) => fail(e.message));
	worker.on('exit', (code) => fail(`the thread exited (code ${code})`));
	const proxy: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
	for (const method of methods) {
		proxy[method] = (...args) =>
			new Promise((resolve, reject) => {
				const id = ++next;
				pending.set(id, { resolve, reject });
				worker.postMessage({ id, method, args } satisfies Request);
			});
	}
	return proxy as T;
}
