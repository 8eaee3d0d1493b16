import type { NodeOutputs } from '../nodes/define';

/**
 * Node outputs keyed by signature. Least recently used entries go first once the
 * cache holds more than `capacity` outputs; node ids never enter the key.
 */
export class OutputCache {
	private readonly entries = new Map<string, NodeOutputs>();
	constructor(private readonly capacity = 64) {}

	get(signature: string): NodeOutputs | undefined {
		const hit = this.entries.get(signature);
		if (hit) {
			this.entries.delete(signature);
			this.entries.set(signature, hit);
		}
		return hit;
	}

	set(signature: string, outputs: NodeOutputs): void {
		this.entries.delete(signature);
		this.entries.set(signature, outputs);
		while (this.entries.size > this.capacity) {
			const oldest = this.entries.keys().next().value as string;
			this.entries.delete(oldest);
		}
	}

	has(signature: string): boolean {
		return this.entries.has(signature);
	}

	clear(): void {
		this.entries.clear();
	}

	get size(): number {
		return this.entries.size;
	}
}
