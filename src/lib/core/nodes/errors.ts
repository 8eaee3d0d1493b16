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
