import type { Column } from '../lib/core/frame/types';
import type { Task } from '../lib/core/nodes/ports';
import { inferTask } from '../lib/core/nodes/task-inference';
import { oneOf, stringFlag, UsageError, type ParsedArgs } from './args';

/** The task a command learns, as its --json reports it: inferred from the target (with why) or given by --task. */
export interface TaskChoice {
	readonly task: Task;
	readonly reason: string;
	readonly inferred: boolean;
}

export const TASKS: readonly Task[] = ['classification', 'regression'];

/** `--task classification|regression`, when given. */
export function taskFlag(args: ParsedArgs): Task | undefined {
	const v = stringFlag(args, 'task');
	return v === undefined ? undefined : (oneOf('task', v, TASKS) as Task);
}

/** --task when given, else inferTask on the target column; a target no task fits is a usage error. */
export function chooseTask(column: Column, given: Task | undefined): TaskChoice {
	if (given === 'regression' && column.kind !== 'number')
		throw new UsageError(`--task regression needs a number target; "${column.name}" is a ${column.kind} column`);
	if (given) return { task: given, reason: 'set by --task', inferred: false };
	try {
		return { ...inferTask(column), inferred: true };
	} catch (e) {
		throw new UsageError((e as Error).message);
	}
}

/** One line for the human output: "task: classification (2 distinct whole numbers → classification; --task to change)". */
export function describeTask(target: string, choice: TaskChoice): string {
	return choice.inferred
		? `target "${target}": ${choice.reason} (--task classification|regression to change)`
		: `target "${target}": ${choice.task} (set by --task)`;
}
