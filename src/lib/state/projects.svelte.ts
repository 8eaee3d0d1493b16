// From their modules, not the core/doc barrel: the barrel brings markdown-it, which the
// projects page does not render (issue 19: start-up weight).
import { createDocument } from '$lib/core/doc/create';
import { parseDocument } from '$lib/core/doc/serialise';
import {
	createProject,
	deleteProject,
	duplicateProject,
	listProjects,
	renameProject,
	type ProjectSummary
} from '$lib/persistence/projects';
import { clearResults, resultsUsage, type ResultsUsage } from '$lib/persistence/results';
import { attempt } from './attempt';
import { announceProjects, onProjectsChanged } from './projects-channel';
import type { OpenedBundle } from './share';
import type { Template } from '$lib/core/templates/types';

export type { ProjectSummary };

const MAX_FILE_BYTES = 5 * 1024 * 1024;

/**
 * The node catalog, loaded when a template, a file or a bundle is opened: it holds every
 * node's code (the model families), which the projects page does not need to show (issue 19:
 * start-up under 300 KB of gzipped script).
 */
const nodeRegistry = () => import('./registry').then((m) => m.registry);

/** The projects page: the list and its commands. */
export class ProjectsState {
	list = $state.raw<ProjectSummary[]>([]);
	loaded = $state(false);
	error = $state<string | null>(null);
	/** How much the results kept between sessions take (issue 11); null until read. */
	results = $state.raw<ResultsUsage | null>(null);

	private attempt<T>(fn: () => Promise<T>): Promise<T | null> {
		return attempt(this, fn);
	}

	/** Keeps the list current while other tabs create, save, rename or delete projects; returns how to stop. */
	follow(): () => void {
		return onProjectsChanged(() => void this.refresh());
	}

	async refresh(): Promise<void> {
		await this.attempt(async () => {
			this.list = await listProjects();
		});
		this.loaded = true;
		await this.refreshResults();
	}

	async refreshResults(): Promise<void> {
		await this.attempt(async () => {
			this.results = await resultsUsage();
		});
	}

	/** Forget every kept result: projects reopen with idle nodes until they run again. */
	async clearResults(): Promise<void> {
		await this.attempt(() => clearResults());
		await this.refreshResults();
	}

	async create(name: string): Promise<string | null> {
		const record = await this.attempt(() => createProject(createDocument(name.trim() || 'Untitled pipeline')));
		if (record) announceProjects({ kind: 'added', project: record.id });
		await this.refresh();
		return record?.id ?? null;
	}

	/** A template of the gallery as a new project named after it; its id, or null when it could not be saved. */
	async fromTemplate(template: Template): Promise<string | null> {
		const [{ templateDocument }, registry] = await Promise.all([import('$lib/core/templates/document'), nodeRegistry()]);
		const built = templateDocument(template, registry);
		const now = new Date().toISOString();
		const doc = { ...built, meta: { ...built.meta, created: now, modified: now } };
		const record = await this.attempt(() => createProject(doc));
		if (record) announceProjects({ kind: 'added', project: record.id });
		await this.refresh();
		return record?.id ?? null;
	}

	async rename(id: string, name: string): Promise<void> {
		if (!name.trim()) return;
		const revision = await this.attempt(() => renameProject(id, name.trim()));
		if (revision !== null) announceProjects({ kind: 'saved', project: id, revision });
		await this.refresh();
	}

	async duplicate(id: string): Promise<void> {
		const copy = await this.attempt(() => duplicateProject(id));
		if (copy) announceProjects({ kind: 'added', project: copy.id });
		await this.refresh();
	}

	async remove(id: string): Promise<void> {
		const done = await this.attempt(async () => (await deleteProject(id), true));
		if (done) announceProjects({ kind: 'removed', project: id });
		await this.refresh();
	}

	/** Open a pipeline file, or a share bundle (a zip: the pipeline with its data), as a new project. */
	async importFile(file: File): Promise<{ ok: true; id: string; warnings: string[]; readOnly: boolean } | { ok: false; errors: string[] }> {
		const { isZipFile } = await import('./share');
		if (await isZipFile(file)) return this.importBundle(file);
		if (file.size > MAX_FILE_BYTES) return { ok: false, errors: [`${file.name} is larger than 5 MB; a pipeline file is much smaller.`] };
		let text: string;
		try {
			text = await file.text();
		} catch (e) {
			return { ok: false, errors: [`Could not read ${file.name}: ${e instanceof Error ? e.message : String(e)}`] };
		}
		const parsed = parseDocument(text, await nodeRegistry());
		if (!parsed.ok) return { ok: false, errors: [...parsed.errors] };
		const record = await this.attempt(() => createProject(parsed.doc));
		if (record) announceProjects({ kind: 'added', project: record.id });
		await this.refresh();
		if (!record) return { ok: false, errors: [this.error ?? 'Could not save the project.'] };
		return { ok: true, id: record.id, warnings: [...parsed.warnings], readOnly: parsed.readOnly };
	}

	/** A share bundle: its datasets stored in this browser (the worker checks every hash), its pipeline a new project. */
	async importBundle(
		file: File
	): Promise<{ ok: true; id: string; warnings: string[]; readOnly: boolean } | { ok: false; errors: string[] }> {
		let opened: OpenedBundle;
		try {
			const { openBundle } = await import('./share');
			opened = await openBundle(file);
		} catch (e) {
			return { ok: false, errors: [e instanceof Error ? e.message : String(e)] };
		}
		const record = await this.attempt(() => createProject(opened.doc));
		if (record) announceProjects({ kind: 'added', project: record.id });
		await this.refresh();
		if (!record) return { ok: false, errors: [this.error ?? 'Could not save the project.'] };
		return { ok: true, id: record.id, warnings: [...opened.warnings], readOnly: opened.readOnly };
	}
}
