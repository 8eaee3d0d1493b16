// The projects page (`/`) must start on what it shows: its list, the template cards, the
// backup and storage lines. Everything a pipeline needs — the node catalog with every model
// family, the ML solvers, the layout (dagre), Markdown, lessons, the engine worker's client —
// is loaded with `import()` when a template, a lesson, a file or a backup is opened. One static
// import of any of them from the page pulls a ~190 KB-gzip chunk into start-up (issue 19: the
// `startup` bench case, target under 300 KB). This walks the page's static import closure from
// the sources, so it runs without a build.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importChain, staticClosure, staticImports } from './static-imports';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What `/` runs before it is interactive: the root layout and the projects page. */
const START_PAGE = ['src/routes/+layout.ts', 'src/routes/+layout.svelte', 'src/routes/+page.svelte'];

/** Project files the start page must reach only through `import()`, and why. */
const LATER_FILES: readonly { readonly pattern: RegExp; readonly why: string }[] = [
	{ pattern: /^src\/lib\/core\/nodes\/catalog\//, why: 'the node catalog (every node, every model family)' },
	{ pattern: /^src\/lib\/state\/registry\.ts$/, why: 'the studio registry (imports the whole catalog)' },
	{ pattern: /^src\/lib\/core\/ml\//, why: 'the ML solvers' },
	{ pattern: /^src\/lib\/core\/lessons\//, why: 'lessons' },
	{ pattern: /^src\/lib\/core\/templates\/(build|document)\.ts$/, why: 'building a template (catalog and layout)' },
	{ pattern: /^src\/lib\/core\/doc\/(layout|markdown)\.ts$/, why: 'layout (dagre) and Markdown (markdown-it)' },
	{ pattern: /^src\/lib\/client\/engine\.ts$/, why: "the engine worker's client" },
	{ pattern: /^workers\//, why: 'worker code' }
];

/** Packages the start page must not load. */
const LATER_PACKAGES = /^(@tensorflow\/|@dagrejs\/|markdown-it|@xyflow\/|d3|comlink)/;

/** Every offence in a closure: the file or package, why it must wait, and the chain that reached it. */
function offences(roots: readonly string[]): string[] {
	const closure = staticClosure(root, roots);
	const out: string[] = [];
	for (const file of closure.keys()) {
		const chain = importChain(closure, file).join(' → ');
		const rule = LATER_FILES.find((r) => r.pattern.test(file));
		if (rule) out.push(`${file} (${rule.why}) via ${chain}`);
		for (const spec of staticImports(root, file)) if (LATER_PACKAGES.test(spec)) out.push(`${spec} via ${chain}`);
	}
	return out;
}

describe('start-up imports (the projects page)', () => {
	it('reads through Svelte components, skipping type-only and dynamic imports', () => {
		const closure = staticClosure(root, START_PAGE);
		// The page's own components are reached through their <script> blocks…
		expect(closure.has('src/lib/ui/projects/ProjectList.svelte')).toBe(true);
		expect(importChain(closure, 'src/lib/core/templates/gallery.ts')).toEqual([
			'src/routes/+page.svelte',
			'src/lib/ui/projects/TemplateGallery.svelte',
			'src/lib/core/templates/gallery.ts'
		]);
		// …and ProjectList's `import type … from '$lib/state'` (the barrel) is not followed.
		expect(closure.has('src/lib/state/index.ts')).toBe(false);
	});

	it('catches the catalog where a page does load it statically (the studio)', () => {
		const found = offences(['src/routes/studio/+page.svelte']);
		expect(found.some((o) => o.startsWith('src/lib/core/nodes/catalog/index.ts'))).toBe(true);
		expect(found.some((o) => o.startsWith('@xyflow/'))).toBe(true);
	});

	it('loads no catalog, ML, lessons, layout, Markdown or worker code statically', () => {
		expect(offences(START_PAGE)).toEqual([]);
	});
});
