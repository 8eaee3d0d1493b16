// The static import closure of a page, read from the sources (no build): what a route loads
// before it can run. Vite puts every module a page reaches through static imports into chunks
// the browser must fetch before the page starts, so a heavy module anywhere in this closure is
// start-up weight (issue 19: the projects page pulled in the whole node catalog through one
// import). Dynamic `import()` and type-only imports do not count: the first loads later, the
// second is erased by the compiler.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One file of the closure and the file that first imported it (null for a root). */
export type Reached = { file: string; via: string | null };

const SCRIPT = /<script\b[^>]*>([\s\S]*?)<\/script>/g;

/** The TypeScript of a file: a Svelte component's script blocks, or the file itself. */
function scriptText(root: string, file: string): string {
	const text = fs.readFileSync(path.join(root, file), 'utf8');
	if (!file.endsWith('.svelte')) return text;
	return [...text.matchAll(SCRIPT)].map((m) => m[1]).join('\n');
}

/** Whether an import or re-export brings in only types (erased when compiled). */
function typeOnly(st: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
	if (ts.isExportDeclaration(st)) {
		if (st.isTypeOnly) return true;
		const clause = st.exportClause;
		return !!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
	}
	const clause = st.importClause;
	if (!clause) return false; // a side-effect import runs the module
	if (clause.isTypeOnly) return true;
	if (clause.name) return false;
	const named = clause.namedBindings;
	return !!named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
}

/** The specifiers a file imports statically for their values. */
export function staticImports(root: string, file: string): string[] {
	const sf = ts.createSourceFile(file, scriptText(root, file), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
	const out: string[] = [];
	for (const st of sf.statements) {
		if ((ts.isImportDeclaration(st) || (ts.isExportDeclaration(st) && st.moduleSpecifier)) && !typeOnly(st))
			out.push((st.moduleSpecifier as ts.StringLiteral).text);
	}
	return out;
}

/** The project file a specifier names (relative to root), or null for packages, `$app/*` and assets. */
export function resolveImport(root: string, from: string, spec: string): string | null {
	// A query (`?worker`, `?url`, `?raw`) makes a separate asset, not a module of this page.
	if (spec.includes('?')) return null;
	const bare = spec;
	let base: string;
	if (bare === '$lib' || bare.startsWith('$lib/')) base = path.posix.join('src/lib', bare.slice(4));
	else if (bare.startsWith('$workers/')) base = path.posix.join('workers', bare.slice(9));
	else if (bare.startsWith('.')) base = path.posix.join(path.posix.dirname(from), bare);
	else return null;
	for (const c of [base, `${base}.ts`, `${base}/index.ts`]) {
		if (/\.(ts|svelte|js)$/.test(c) && fs.existsSync(path.join(root, c)) && fs.statSync(path.join(root, c)).isFile()) return c;
	}
	return null;
}

/** Every project file reachable from the roots by static value imports, breadth first. */
export function staticClosure(root: string, roots: readonly string[]): Map<string, Reached> {
	const seen = new Map<string, Reached>();
	const queue: string[] = [];
	for (const r of roots) {
		seen.set(r, { file: r, via: null });
		queue.push(r);
	}
	while (queue.length) {
		const file = queue.shift()!;
		for (const spec of staticImports(root, file)) {
			const target = resolveImport(root, file, spec);
			if (target === null || seen.has(target)) continue;
			seen.set(target, { file: target, via: file });
			queue.push(target);
		}
	}
	return seen;
}

/** The chain of imports by which the closure reached a file: root first. */
export function importChain(closure: Map<string, Reached>, file: string): string[] {
	const chain: string[] = [];
	for (let at: string | null = file; at !== null; at = closure.get(at)?.via ?? null) chain.unshift(at);
	return chain;
}
