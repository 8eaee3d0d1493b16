export * from './format';
export { readWorkspaceManifest } from './manifest';
export { packRecord, sha256Hex, unpackRecord, type PackedRecord } from './record';
export { WorkspaceWriter, type ChunkData, type DatasetHead } from './write';
export {
	openWorkspace,
	type BackupColumn,
	type BackupDataset,
	type BackupModel,
	type BackupModelName,
	type BackupProject,
	type BackupRecord,
	type OpenedWorkspace
} from './read';
export {
	describeTally,
	importedName,
	IMPORTED_SUFFIX,
	planImport,
	resolveImport,
	type ConflictChoice,
	type ImportAction,
	type ImportPlan,
	type ItemStatus,
	type LocalInventory,
	type PlannedItem,
	type ResolvedImport,
	type Tally
} from './plan';
