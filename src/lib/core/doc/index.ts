export * from './types';
export { createDocument, newId, idPrefixForType, DEFAULT_SEED } from './create';
export {
	addNode,
	removeNode,
	moveNode,
	setParam,
	setLabel,
	setName,
	connect,
	disconnect,
	setSeed,
	touch,
	MAX_LABEL_LENGTH,
	type EditResult,
	type ConnectResult,
	useDataset
} from './commands';
export { affectedBy, type Affected } from './affected';
export { hasCycle, wouldCreateCycle, reaches, edgeProblem, describeNode } from './graph';
export { serialiseDocument, parseDocument, DEFAULT_MAX_BYTES, MAX_DEPTH, type ParseOptions, type ParseResult } from './serialise';
export { docMigrations, docVersionOf, migrateEnvelope, migrateNodeParams, type DocMigration } from './migrations';
export { safeJsonParse, formatBytes, utf8Length, FORBIDDEN_KEYS, type JsonLimits } from './safe-json';
export { DOC_LIMITS } from './validate';
export {
	addFrame,
	frameAround,
	moveFrame,
	changeFrame,
	addNote,
	changeNote,
	moveNote,
	removeAnnotations,
	frameMembers,
	NOMINAL_NODE_SIZE,
	type FrameSpec,
	type FrameChange,
	type NoteChange
} from './annotation-commands';
export { ANNOTATION_LIMITS, DEFAULT_FRAME_SIZE, DEFAULT_NOTE_SIZE } from './annotations';
export { renderMarkdown } from './markdown';
