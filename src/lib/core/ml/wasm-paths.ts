/**
 * Where the tfjs WASM binaries are served. The worker sets this once at start-up with the
 * URLs its bundler produced; in Node, backends.ts resolves them from node_modules.
 */
let paths: Record<string, string> | undefined;

export function configureWasm(files: Record<string, string>): void {
	paths = { ...files };
}

export function wasmPaths(): Record<string, string> | undefined {
	return paths;
}
