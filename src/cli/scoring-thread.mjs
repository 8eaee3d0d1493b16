// A Node worker thread for `tessera predict --threads N`: TypeScript through tsx, as bin/tessera.mjs.
import { register } from 'tsx/esm/api';

register();
await import('./scoring-thread-main.ts');
