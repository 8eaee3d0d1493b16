// No runtime import cycles in src/lib and workers/. At run time a cycle makes the order in
// which modules initialise depend on which one is imported first (a `const` read before it is
// set, a class extended before it exists). Type-only imports (`import type`, or an import whose
// every name is `type`) are erased by the compiler and cannot do that, so they do not count:
// the `Report` union in core/nodes/reports.ts is by design a type-level index of the report
// shapes declared beside their node files, which import the node contract back. A value import
// added to such a pair is a runtime cycle and fails here. Dynamic `import()` loads later and
// does not count.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { staticImports } from './static-imports';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOTS = ['src/lib', 'workers'];

function sourceFiles(dir: string): string[] {
	const out: string[] = [];
	for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
		const rel = path.posix.join(dir, entry.name);
		if (entry.isDirectory()) out.push(...sourceFiles(rel));
		else if (/\.ts$/.test(entry.name) && !/\.(test|d)\.ts$/.test(entry.name)) out.push(rel);
	}
	return out;
}

/** The project file a specifier names, or null for packages and other files. */
function resolve(from: string, spec: string): string | null {
	const bare = spec.split('?')[0];
	let base: string;
	if (bare === '$lib' || bare.startsWith('$lib/')) base = path.posix.join('src/lib', bare.slice(4));
	else if (bare.startsWith('$workers/')) base = path.posix.join('workers', bare.slice(9));
	else if (bare.startsWith('.')) base = path.posix.join(path.posix.dirname(from), bare);
	else return null;
	for (const c of [base, `${base}.ts`, `${base}/index.ts`]) {
		if (c.endsWith('.ts') && fs.existsSync(path.join(root, c))) return c;
	}
	return null;
}

/** Every cycle's files, found by Tarjan's strongly connected components. */
export function importCycles(files: readonly string[]): string[][] {
	const graph = new Map<string, string[]>();
	for (const f of files) {
		graph.set(
			f,
			staticImports(root, f)
				.map((s) => resolve(f, s))
				.filter((t): t is string => t !== null)
		);
	}
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const cycles: string[][] = [];
	let next = 0;
	const visit = (v: string): void => {
		index.set(v, next);
		low.set(v, next++);
		stack.push(v);
		onStack.add(v);
		for (const w of graph.get(v) ?? []) {
			if (!index.has(w)) {
				visit(w);
				low.set(v, Math.min(low.get(v)!, low.get(w)!));
			} else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
		}
		if (low.get(v) === index.get(v)) {
			const scc: string[] = [];
			let w: string;
			do {
				w = stack.pop()!;
				onStack.delete(w);
				scc.push(w);
			} while (w !== v);
			if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(scc.sort());
		}
	};
	for (const f of graph.keys()) if (!index.has(f)) visit(f);
	return cycles;
}

describe('imports', () => {
	const files = ROOTS.flatMap(sourceFiles);

	it('reads the project (the walk finds files and their imports)', () => {
		expect(files.length).toBeGreaterThan(200);
		expect(staticImports(root, 'src/lib/core/engine/run.ts').length).toBeGreaterThan(3);
	});

	it('finds a runtime cycle when there is one, and not a type-only one', () => {
		const dir = fs.mkdtempSync(path.join(root, 'scripts', '.cycle-'));
		const rel = path.posix.relative(root, dir);
		try {
			fs.writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b';\nexport const a = () => b;\n");
			fs.writeFileSync(path.join(dir, 'b.ts'), "import { a } from './a';\nexport const b = () => a;\n");
			fs.writeFileSync(path.join(dir, 'c.ts'), "import type { D } from './d';\nexport type C = { d?: D };\n");
			fs.writeFileSync(path.join(dir, 'd.ts'), "export type { C } from './c';\nexport type D = number;\n");
			// A value import makes the same pair a runtime cycle.
			fs.writeFileSync(path.join(dir, 'f.ts'), "import { type G, g } from './g';\nexport const f = 1;\nexport type F = G;\n");
			fs.writeFileSync(
				path.join(dir, 'g.ts'),
				"import { type F } from './f';\nimport { f } from './f';\nexport const g = f;\nexport type G = F;\n"
			);
			fs.writeFileSync(path.join(dir, 'e.ts'), "import { a } from './a';\nexport const e = async () => (await import('./e')).e ?? a;\n");
			const files = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((f) => `${rel}/${f}.ts`);
			expect(importCycles(files)).toEqual([
				[`${rel}/a.ts`, `${rel}/b.ts`],
				[`${rel}/f.ts`, `${rel}/g.ts`]
			]);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	it('has no import cycles in src/lib and workers/', () => {
		expect(importCycles(files)).toEqual([]);
	});
});
