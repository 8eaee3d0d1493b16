#!/usr/bin/env node
// The CLI is TypeScript sharing src/lib/core with the studio; tsx runs it without a build step.
import { register } from 'tsx/esm/api';

register();
// `tessera … | head` closes the pipe early: that is the reader's choice, not a failure.
for (const stream of [process.stdout, process.stderr])
	stream.on('error', (e) => {
		if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
		throw e;
	});
const { main } = await import('../src/cli/main.ts');
const code = await main(
	process.argv.slice(2),
	(s) => process.stdout.write(s + '\n'),
	(s) => process.stderr.write(s + '\n')
);
process.exitCode = code;
