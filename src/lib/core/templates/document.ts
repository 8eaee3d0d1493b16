import { addNote } from '../doc/annotation-commands';
import type { PipelineDocument } from '../doc/types';
import type { Registry } from '../nodes/registry';
import { TemplateBuilder } from './build';
import type { Template } from './types';

/**
 * The document a template opens as: its recipe built with the ordinary edit commands, named
 * after its title and tidied, with a sticky note above it that says what the template is for
 * and what to read (the nodes' labels explain each step). The one place a template's document
 * is made: the gallery, the CLI's templates/ files and the tests.
 */
export function templateDocument(template: Template, registry: Registry): PipelineDocument {
	const builder = new TemplateBuilder(registry, template.title);
	template.build(builder);
	const doc = builder.done();
	const text = [`### ${template.title}`, `*${template.teaches}.*`, template.description, `**Data:** ${template.dataset.note}.`].join('\n\n');
	const right = Math.max(...doc.nodes.map((n) => n.position.x)) + 220;
	const width = Math.min(760, Math.max(480, right));
	const height = noteHeight(text, width);
	const noted = addNote(doc, { x: 0, y: -height - 40 }, text, { width, height });
	if (!noted.ok) throw new Error(`template ${template.id}: ${noted.error}`);
	return noted.doc;
}

/** Room for the text in a note of this width (12.5 px type, about 6.6 px a character, 19 px lines), so it opens without scrolling. */
function noteHeight(text: string, width: number): number {
	const perLine = Math.floor((width - 24) / 6.6);
	const lines = text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / perLine)), 0);
	return Math.ceil(lines * 19 + 24);
}
