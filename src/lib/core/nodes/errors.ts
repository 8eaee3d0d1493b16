/**
 * A node failed because a person has not set it up yet (no model name chosen, no target
 * column): nothing ran, so it is no experiment and no result; the message says what to set.
 * A typed failure, so callers never have to recognise one by its wording.
 */
export class NotConfiguredError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'NotConfiguredError';
	}
}

export const isNotConfigured = (e: unknown): e is NotConfiguredError =>
	e instanceof NotConfiguredError || (e instanceof Error && e.name === 'NotConfiguredError');

/**
 * A node cannot do what it is asked with the data it was given (a split that leaves a part
 * empty, a class too small to stratify): the person's input, not a fault in the app. The
 * message says what the data has and what is needed; the CLI exits 2 on it, as on bad usage.
 */
export class DataError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DataError';
	}
}

export const isDataError = (e: unknown): e is DataError => e instanceof DataError || (e instanceof Error && e.name === 'DataError');
