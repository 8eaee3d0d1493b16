import { addNode, connect, setLabel } from '../doc/commands';
import { createDocument } from '../doc/create';
import { tidyLayout } from '../doc/layout';
import type { PipelineDocument } from '../doc/types';
import type { ParamValue } from '../nodes/params';
import type { Registry } from '../nodes/registry';

/** An output of a node already added: what a later node's input is wired to. */
export interface Out {
	readonly node: string;
	readonly port: string;
}

/** A fixed date for every template, so building one twice gives the same document. */
const BUILT = new Date('2026-12-07T00:00:00Z');

/**
 * Builds a template's document with the ordinary edit commands (so the file is exactly what
 * the studio would save), then lays it out left to right by data flow with `tidyLayout`.
 */
export class TemplateBuilder {
	private doc: PipelineDocument;

	constructor(
		private readonly registry: Registry,
		name: string
	) {
		this.doc = createDocument(name, BUILT);
	}

	/**
	 * Adds a node labelled with the step it performs and wires its inputs; returns a handle
	 * whose `out(port)` feeds later nodes. A wrong port or kind throws: a template is code.
	 */
	add(
		type: string,
		label: string,
		params: Readonly<Record<string, ParamValue>> = {},
		inputs: Readonly<Record<string, Out>> = {}
	): { id: string; out: (port: string) => Out } {
		const added = addNode(this.doc, this.registry, type, { x: 0, y: 0 }, params);
		this.doc = setLabel(added.doc, added.id, label);
		for (const [port, from] of Object.entries(inputs)) {
			const wired = connect(this.doc, this.registry, from, { node: added.id, port });
			if (!wired.ok) throw new Error(`template wiring ${from.node}.${from.port} → ${added.id}.${port}: ${wired.reason}`);
			this.doc = wired.doc;
		}
		const id = added.id;
		return { id, out: (port: string) => ({ node: id, port }) };
	}

	/** The finished document, laid out by the studio's own Tidy layout (so opening a template and pressing Tidy changes nothing). */
	done(): PipelineDocument {
		return tidyLayout(this.doc, this.registry, { origin: { x: 0, y: 0 } });
	}
}
