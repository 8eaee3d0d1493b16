import { setParam } from '../lib/core/doc/commands';
import type { PipelineDocument } from '../lib/core/doc/types';
import type { RunResult } from '../lib/core/engine/run';
import type { Column } from '../lib/core/frame/types';
import { modelFamilies } from '../lib/core/nodes/families';
import type { DatasetValue, Task } from '../lib/core/nodes/ports';
import type { Registry } from '../lib/core/nodes/registry';
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

/**
 * --task on a pipeline file's model nodes: sets the Task param of each node that has one;
 * a node whose family cannot learn the task is a usage error.
 */
export function applyTask(doc: PipelineDocument, registry: Registry, models: readonly string[], task: Task | undefined): PipelineDocument {
	if (!task) return doc;
	let out = doc;
	for (const id of models) {
		const node = doc.nodes.find((n) => n.id === id);
		const def = node && registry.get(node.type);
		if (!node || !def) continue;
		if ('task' in def.params) {
			const set = setParam(out, registry, id, 'task', task);
			if (!set.ok) throw new UsageError(`--task ${task}: ${id}: ${set.error}`);
			out = set.doc;
			continue;
		}
		const tasks = modelFamilies.find((f) => f.node === node.type)?.tasks ?? [];
		if (!tasks.includes(task))
			throw new UsageError(`--task ${task}: ${id} (${def.title}) learns ${tasks.join(' or ') || 'no supervised task'}`);
	}
	return out;
}

/** The task a model node learned in a run, and why: --task, its Task param, its family, or inferTask on the Split's target. */
export function modelTask(
	doc: PipelineDocument,
	registry: Registry,
	model: string,
	split: string,
	outputs: RunResult['outputs'],
	given: Task | undefined
): TaskChoice | null {
	const node = doc.nodes.find((n) => n.id === model);
	const def = node && registry.get(node.type);
	if (!node || !def) return null;
	if (given) return { task: given, reason: 'set by --task', inferred: false };
	const param = node.params.task;
	if (param === 'classification' || param === 'regression')
		return { task: param, reason: "set by the model's Task param", inferred: false };
	if (!('task' in def.params)) {
		const tasks = modelFamilies.find((f) => f.node === node.type)?.tasks ?? [];
		return tasks.length === 1 ? { task: tasks[0], reason: `${def.title} learns ${tasks[0]} only`, inferred: false } : null;
	}
	const data = outputs.get(split)?.data as DatasetValue | undefined;
	const target = data?.target ? data.frame.columns.find((c) => c.name === data.target) : undefined;
	if (!target || target.kind === 'date') return null;
	return { ...inferTask(target), inferred: true };
}
