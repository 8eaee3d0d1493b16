/**
 * `--capture dir`: a sample of scored requests, one JSON object per line, for retraining
 * (the inputs as sent) and monitoring (prediction, model version, latency, time). Files are
 * `capture-<UTC time>-<pid>.ndjson` (the pid keeps --workers apart) and rotate when the open
 * one reaches `maxBytes` or `maxAgeMs`; a finished file is never written again, so a
 * collector may take every file but the newest of each pid.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

export interface CaptureOptions {
	readonly dir: string;
	/** Share of requests captured, 0..1. */
	readonly sample: number;
	readonly maxBytes: number;
	readonly maxAgeMs: number;
	/** For tests: the random source deciding which requests are kept. */
	readonly random?: () => number;
}

export interface CaptureRecord {
	readonly time: string;
	readonly model: string;
	readonly version: string;
	readonly endpoint: string;
	readonly id: string | null;
	readonly latency_ms: number;
	readonly rows: number;
	/** Input columns as sent: cell text (null = missing), one list per column. */
	readonly inputs: Record<string, (string | null)[]>;
	readonly outputs: Record<string, unknown[]>;
}

export class Capture {
	private stream: WriteStream | null = null;
	private bytes = 0;
	private opened = 0;
	private sequence = 0;
	private readonly random: () => number;

	constructor(readonly options: CaptureOptions) {
		mkdirSync(options.dir, { recursive: true });
		this.random = options.random ?? Math.random;
	}

	/** Whether this request is one of the sample (decided before building its record). */
	sampled(): boolean {
		return this.options.sample >= 1 || this.random() < this.options.sample;
	}

	write(record: CaptureRecord): void {
		const line = JSON.stringify(record) + '\n';
		const now = Date.now();
		if (this.stream && (this.bytes + line.length > this.options.maxBytes || now - this.opened >= this.options.maxAgeMs)) {
			this.stream.end();
			this.stream = null;
		}
		if (!this.stream) {
			const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
			const name = `capture-${stamp}-${process.pid}-${String(this.sequence++).padStart(4, '0')}.ndjson`;
			this.stream = createWriteStream(join(this.options.dir, name), { flags: 'a' });
			// A full disk must not take the server down: the capture is best effort.
			this.stream.on('error', (e) => process.stderr.write(`tessera serve: capture: ${e.message}\n`));
			this.bytes = 0;
			this.opened = now;
		}
		this.bytes += Buffer.byteLength(line);
		this.stream.write(line);
	}

	async close(): Promise<void> {
		const s = this.stream;
		this.stream = null;
		if (s) await new Promise<void>((done) => s.end(done));
	}
}
