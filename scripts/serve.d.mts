// Types for serve.mjs, for the TypeScript specs and tests that start a server of their own.
import type { Server } from 'node:http';

export const projectRoot: string;
export const buildDir: string;
export function buildStaleReason(root?: string): string | null;
export function ensureBuild(options?: { root?: string; log?: (line: string) => void }): boolean;
export interface RunningServer {
	readonly server: Server;
	readonly port: number;
	readonly url: string;
	close(): Promise<void>;
}
export function startServer(options?: { port?: number; root?: string; host?: string }): Promise<RunningServer>;
