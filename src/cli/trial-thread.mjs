// A Node worker thread for `tessera tune --workers N`: TypeScript through tsx, as bin/tessera.mjs.
import { register } from 'tsx/esm/api';

register();
await import('./trial-thread-main.ts');
