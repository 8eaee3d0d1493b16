import { main } from './main';

/** Runs `tessera …argv` in-process, as the CLI tests do: exit code, both streams, and stdout as JSON. */
export async function cli(...argv: string[]) {
	let stdout = '';
	let stderr = '';
	const code = await main(
		argv,
		(s) => (stdout += s + '\n'),
		(s) => (stderr += s + '\n')
	);
	return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}
