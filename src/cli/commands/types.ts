export interface CommandOutput {
	/** The one JSON document printed with --json (stable keys, see README). */
	readonly json: Record<string, unknown>;
	readonly text: string;
	/** 0 done; 1 a failure; 2 the person's input (a node refused the data: DataError), as bad usage is. */
	readonly exitCode: 0 | 1 | 2;
}
