export interface CommandOutput {
	/** The one JSON document printed with --json (stable keys, see README). */
	readonly json: Record<string, unknown>;
	readonly text: string;
	readonly exitCode: 0 | 1;
}
