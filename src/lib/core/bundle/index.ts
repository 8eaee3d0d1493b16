export * from './format';
export { frameCsv } from './frame-csv';
export { packBundle, type BundleInput, type PackedBundle } from './pack';
export { looksLikeZip, readManifest, unpackBundle, type UnpackedBundle, type UnpackedDataset } from './unpack';
export { rehashDocument, storedSources, type SourceLookup, type StoredSource } from './sources';
