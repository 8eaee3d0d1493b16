#!/usr/bin/env node
// The CLI is TypeScript sharing src/lib/core with the studio; tsx runs it without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(
	process.argv.slice(2),
	(s) => process.stdout.write(s + '\n'),
	(s) => process.stderr.write(s + '\n')
);
process.exitCode = code;
