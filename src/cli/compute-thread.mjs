// A Node worker thread of the compute pool: TypeScript through tsx, as bin/tessera.mjs.
import { register } from 'tsx/esm/api';

register();
await import('./compute-thread-main.ts');
