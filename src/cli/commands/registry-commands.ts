/**
 * `tessera promote <dir> <name> <version>`, `tessera rollback <dir> <name> [--to version]` and
 * `tessera card`: edits of a registry folder's index (written atomically, so a `tessera serve`
 * watching the folder swaps to the new active version without a restart) and model cards.
 */
import { readFile, writeFile } from 'node:fs/promises';
import {
	RegistryIndexError,
	promoteVersion,
	rollbackVersion,
	updateVersion,
	type RegistryIndex
} from '../../lib/core/lifecycle/registry-index';
import { modelCard } from '../../lib/core/lifecycle/model-card';
import { MODEL_FILE_EXTENSION, ModelFileError, readModelFile, type ModelFile } from '../../lib/core/model-file/format';
import { parseArgs, stringFlag, UsageError } from '../args';
import { optionsOf } from '../command-specs';
import { cardFileName, cardText, refreshCards } from '../model-cards';
import { readRegistryIndex, updateRegistryIndex, versionPath } from '../registry-dir';
import { join } from 'node:path';
import type { CommandOutput } from './types';

export const PROMOTE_USAGE = 'usage: tessera promote <registry-dir> <name> <version> [--reason text] [--actor who] [--json]';
export const ROLLBACK_USAGE = 'usage: tessera rollback <registry-dir> <name> [--to version] [--reason text] [--actor who] [--json]';
export const CARD_USAGE =
	'usage: tessera card <m.tessera-model> | <registry-dir> <name> <version> [--limitations "…"] [--out card.md] [--json]';

/** An index edit whose checks failed is the user's mistake (exit 2), as is an unreadable index. */
async function editIndex(dir: string, change: (index: RegistryIndex) => RegistryIndex): Promise<RegistryIndex> {
	try {
		return await updateRegistryIndex(dir, change);
	} catch (e) {
		if (e instanceof RegistryIndexError) throw new UsageError(e.message);
		throw e;
	}
}

const stampOf = (args: ReturnType<typeof parseArgs>, actor: string) => {
	const reason = stringFlag(args, 'reason');
	return { at: new Date().toISOString(), actor: stringFlag(args, 'actor') ?? actor, ...(reason ? { reason } : {}) };
};

export async function promoteCommand(argv: readonly string[]): Promise<CommandOutput> {
	const args = parseArgs(argv, optionsOf('promote'));
	const [dir, name, version, ...extra] = args.positional;
	if (!dir || !name || !version || extra.length) throw new UsageError(PROMOTE_USAGE);
	let from = '';
	const index = await editIndex(dir, (i) => {
		from = i.models[name]?.active ?? '';
		return promoteVersion(i, name, version, stampOf(args, 'tessera promote'));
	});
	await refreshCards(dir, index, name, [version, from]);
	return {
		json: { command: 'promote', registry: dir, name, version, from, active: index.models[name].active },
		text: `${name}: version ${version} promoted to Production (was ${from}); a server watching ${dir} switches to it`,
		exitCode: 0
	};
}

export async function rollbackCommand(argv: readonly string[]): Promise<CommandOutput> {
	const args = parseArgs(argv, optionsOf('rollback'));
	const [dir, name, ...extra] = args.positional;
	if (!dir || !name || extra.length) throw new UsageError(ROLLBACK_USAGE);
	let from = '';
	const index = await editIndex(dir, (i) => {
		from = i.models[name]?.active ?? '';
		return rollbackVersion(i, name, stringFlag(args, 'to'), stampOf(args, 'tessera rollback'));
	});
	const active = index.models[name].active;
	await refreshCards(dir, index, name, [active, from]);
	return {
		json: { command: 'rollback', registry: dir, name, version: active, from, active },
		text: `${name}: rolled back from version ${from} to ${active}; a server watching ${dir} switches to it`,
		exitCode: 0
	};
}

async function openModelFile(path: string): Promise<ModelFile> {
	let bytes: Uint8Array;
	try {
		bytes = new Uint8Array(await readFile(path));
	} catch {
		throw new UsageError(`cannot read "${path}": no such file`);
	}
	try {
		return (await readModelFile(bytes)).file;
	} catch (e) {
		if (e instanceof ModelFileError) throw new UsageError(`${path}: ${e.message}`);
		throw e;
	}
}

export async function cardCommand(argv: readonly string[]): Promise<CommandOutput> {
	const args = parseArgs(argv, optionsOf('card'));
	const [first, name, version, ...extra] = args.positional;
	const limitations = stringFlag(args, 'limitations');
	let text: string;
	let out = stringFlag(args, 'out');
	if (first?.endsWith(MODEL_FILE_EXTENSION) && name === undefined) {
		const file = await openModelFile(first);
		text = modelCard(file, { limitations, ...(file.registry ? { version: String(file.registry.version) } : {}) });
		out ??= first.slice(0, -MODEL_FILE_EXTENSION.length) + '.card.md';
	} else {
		if (!first || !name || !version || extra.length) throw new UsageError(CARD_USAGE);
		let index = await readRegistryIndex(first).catch((e: Error) => {
			throw new UsageError(e.message);
		});
		const entry = index.models[name]?.versions[version];
		if (!entry) throw new UsageError(`${first}: model "${name}" has no version "${version}"`);
		const file = await openModelFile(versionPath(first, entry.file));
		// Limitations typed here are kept with the version, so the next card (after a promotion, say) still has them.
		if (limitations !== undefined || !entry.card)
			index = await editIndex(first, (i) =>
				updateVersion(i, name, version, {
					card: entry.card ?? cardFileName(name, version),
					...(limitations !== undefined ? { limitations } : {})
				})
			);
		text = cardText(file, index, name, version);
		out ??= join(first, index.models[name].versions[version].card ?? cardFileName(name, version));
	}
	await writeFile(out, text);
	return { json: { command: 'card', out, bytes: Buffer.byteLength(text) }, text: `model card written to ${out}`, exitCode: 0 };
}
