import { engine } from '$lib/client/engine';
import type { RegisteredModelVersion } from '$lib/core/engine/api';
import { createProject } from '$lib/persistence/projects';
import {
	checkModelName,
	deleteVersion,
	getVersion,
	listModelNames,
	listVersions,
	rollBack,
	setInUse,
	type ModelNameSummary,
	type ModelVersionSummary
} from '$lib/persistence/registry';
import type { Studio } from './context';
import { attempt } from './attempt';
import { registryModelCard, type ModelCardText } from './model-cards';
import {
	registryModelFile,
	registryOnnxFile,
	registryPredictorPage,
	type ModelExportIssues,
	type ModelFileDownload,
	type ModelFileSummary,
	type PredictorPage
} from './model-files';

/**
 * The model registry (named, versioned models) as the page sees it. Not to be confused
 * with ./registry.ts, the registry of node types.
 */
export type { ModelNameSummary, ModelVersionSummary, RegisteredModelVersion };

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The Models page: every name, the selected name's versions and the commands on them. */
export class RegistryModelsState {
	names = $state.raw<ModelNameSummary[]>([]);
	selected = $state<string | null>(null);
	versions = $state.raw<ModelVersionSummary[]>([]);
	loaded = $state(false);
	error = $state<string | null>(null);
	/** A short note after a command, e.g. "v1 of penguin-species is in use". */
	notice = $state<string | null>(null);

	get current(): ModelNameSummary | null {
		return this.names.find((n) => n.name === this.selected) ?? null;
	}

	private attempt<T>(fn: () => Promise<T>): Promise<T | null> {
		this.notice = null;
		return attempt(this, fn);
	}

	/** Reloads the lists; leaves the outcome of the command before it (error or notice) on show. */
	async refresh(): Promise<void> {
		try {
			this.names = await listModelNames();
			if (!this.names.some((n) => n.name === this.selected)) this.selected = this.names[0]?.name ?? null;
			this.versions = this.selected ? await listVersions(this.selected) : [];
			void this.loadExportIssues(this.selected);
		} catch (e) {
			this.error = message(e);
		}
		this.loaded = true;
	}

	async select(name: string): Promise<void> {
		this.selected = name;
		this.error = null;
		this.notice = null;
		await this.refresh();
	}

	async use(version: number): Promise<void> {
		const name = this.selected;
		if (!name) return;
		const done = await this.attempt(() => setInUse(name, version));
		await this.refresh();
		if (done !== null) this.notice = `Version ${version} of "${name}" is in use now.`;
	}

	async rollBack(): Promise<void> {
		const name = this.selected;
		if (!name) return;
		const version = await this.attempt(() => rollBack(name));
		await this.refresh();
		if (version !== null) this.notice = `Rolled back: version ${version} of "${name}" is in use again.`;
	}

	async remove(version: number): Promise<void> {
		const name = this.selected;
		if (!name) return;
		const done = await this.attempt(() => deleteVersion(name, version));
		await this.refresh();
		if (done !== null) this.notice = `Deleted version ${version} of "${name}".`;
	}

	/** Why each version of the selected name cannot leave as each kind of file (asked of the worker, which has the exporters). */
	exportIssues = $state.raw<Readonly<Record<number, ModelExportIssues>>>({});

	private async loadExportIssues(name: string | null): Promise<void> {
		if (!name) {
			this.exportIssues = {};
			return;
		}
		try {
			const issues = await engine().versionExportIssues(name);
			if (this.selected === name) this.exportIssues = issues;
		} catch {
			// Not knowing only leaves the buttons on: pressing one says what is wrong.
			if (this.selected === name) this.exportIssues = {};
		}
	}

	/** A version's predictor page for the page to save; null (with the error on show) when it cannot be built. */
	async publish(version: number): Promise<PredictorPage | null> {
		const name = this.selected;
		if (!name) return null;
		return this.attempt(() => registryPredictorPage(name, version));
	}

	/** A version as an ONNX graph for the page to save; null (with the error on show) when it cannot be exported. */
	async exportOnnx(version: number): Promise<ModelFileDownload | null> {
		const name = this.selected;
		if (!name) return null;
		return this.attempt(() => registryOnnxFile(name, version));
	}

	/** A version as a model file for the page to save; null (with the error on show) when it cannot be built. */
	async download(version: number): Promise<ModelFileDownload | null> {
		const name = this.selected;
		if (!name) return null;
		return this.attempt(() => registryModelFile(name, version));
	}

	/** A version's model card (Markdown) for the page to save; the limitations typed in are kept with the version. */
	async modelCard(version: number, limitations: string): Promise<ModelCardText | null> {
		const entry = this.current;
		const v = this.versions.find((x) => x.version === version);
		if (!entry || !v) return null;
		const card = await this.attempt(() => registryModelCard(entry, v, limitations));
		if (card) this.versions = this.versions.map((x) => (x.version === version ? { ...x, limitations } : x));
		return card;
	}

	/** A model file picked or dropped for import, read and checked but not saved yet (the name dialog is open). */
	importing = $state.raw<{ readonly file: File; readonly summary: ModelFileSummary } | null>(null);

	/**
	 * Reads a model file for import. A bad file leaves the error on show and nothing changes;
	 * a good one opens the dialog that names it before it is saved.
	 */
	async readImport(file: File): Promise<void> {
		this.importing = null;
		this.notice = null;
		this.error = null;
		try {
			this.importing = { file, summary: await engine().inspectModelFile(file) };
		} catch (e) {
			this.error = `“${file.name}” was not imported: ${message(e)}. Nothing was saved.`;
		}
	}

	cancelImport(): void {
		this.importing = null;
	}

	/** Saves the file being imported as the next version of `name`; throws for the dialog to show. */
	async confirmImport(name: string): Promise<RegisteredModelVersion> {
		const pending = this.importing;
		if (!pending) throw new Error('Pick a model file first.');
		const checked = checkModelName(name);
		const saved = await engine().importModelFile(pending.file, checked, `Imported from ${pending.file.name}`);
		this.importing = null;
		await this.select(saved.name);
		const use = saved.inUse ? 'it is the version in use' : 'the version in use is unchanged';
		this.notice = `Imported “${pending.file.name}” as version ${saved.version} of "${saved.name}": ${use}.`;
		return saved;
	}

	/** A new project holding the pipeline that trained a version; returns its id. */
	async openPipeline(version: number): Promise<string | null> {
		const name = this.selected;
		if (!name) return null;
		return this.attempt(async () => {
			const record = await getVersion(name, version);
			if (!record) throw new Error(`Version ${version} of "${name}" no longer exists.`);
			const doc = { ...record.doc, meta: { ...record.doc.meta, name: `${name} v${version} pipeline` } };
			return (await createProject(doc)).id;
		});
	}
}

/** Names already in the registry with the version a new save would get, for the save dialog. */
export async function registryNames(): Promise<{ name: string; next: number }[]> {
	return (await listModelNames()).map((n) => ({ name: n.name, next: (n.lastVersion ?? 0) + 1 }));
}

/** Saves the model the node trained in the last run and says so on the status line; errors are the caller's to show. */
export async function saveToRegistry(studio: Studio, node: string, name: string, notes: string): Promise<RegisteredModelVersion> {
	const { project, messages } = studio;
	if (!project.doc) throw new Error('Open a project first.');
	const saved = await engine().registerModel(project.doc, node, name, notes, project.id);
	const use = saved.inUse ? 'it is the version in use' : 'the version in use is unchanged (mark it in use on the Models page)';
	messages.say(`Saved "${saved.name}" version ${saved.version}: ${use}.`, 'success', 8000);
	return saved;
}
