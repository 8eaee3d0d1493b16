// Types for precache.mjs (the offline cache list), for its test.
export const DEFAULT_BUDGET_BYTES: number;
export const MANIFEST: string;
export interface PrecacheManifest {
	readonly totalBytes: number;
	readonly budgetBytes: number;
	readonly files: readonly { readonly url: string; readonly bytes: number }[];
}
export function writePrecacheManifest(buildDir: string, options?: { budgetBytes?: number }): PrecacheManifest;
export function mb(bytes: number): string;
