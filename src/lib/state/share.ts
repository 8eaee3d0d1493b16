import { engine } from '$lib/client/engine';
import type { OpenedBundle } from '$lib/core/engine/api';
import { storedSources } from '$lib/core/bundle/sources';
import type { Studio } from './context';
import { registry } from './registry';

/**
 * Sharing a project (issue 17): the pipeline file alone, or a share bundle — one zip with
 * the pipeline and the uploaded datasets it reads (core/bundle), built in the worker, which
 * holds the stored columns. The page names the files and saves the bytes.
 */

export type { OpenedBundle };

/** The open project as a share bundle, with what to tell the person. */
export async function shareBundle(studio: Studio): Promise<{ bytes: Uint8Array; datasets: number }> {
	const doc = studio.project.doc;
	if (!doc) throw new Error('Open a project first.');
	const bytes = await engine().exportBundle(doc);
	return { bytes, datasets: storedSources(doc, registry).length };
}

/** Whether a file is a zip (a bundle, or images): its first bytes, not its name. */
export async function isZipFile(file: Blob): Promise<boolean> {
	const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
	return head.length === 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

/** Opens a share bundle in the worker: its datasets are stored; the pipeline comes back to be saved as a project. */
export function openBundle(file: Blob): Promise<OpenedBundle> {
	return engine().openBundle(file);
}
