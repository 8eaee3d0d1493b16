// Writes templates/<id>.tessera.json for every template of the gallery
// (src/lib/core/templates/gallery.ts, the one place each template is defined), so the CLI can
// run them: `tessera run templates/churn.tessera.json`. src/cli/templates.test.ts fails when
// a committed file differs from what this writes.
//
//   npx tsx scripts/write-templates.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serialiseDocument } from '../src/lib/core/doc/serialise';
import { builtinNodes } from '../src/lib/core/nodes/catalog';
import { createRegistry } from '../src/lib/core/nodes/registry';
import { TEMPLATES, templateFileName } from '../src/lib/core/templates/gallery';
import { templateDocument } from '../src/lib/core/templates/document';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'templates');
const registry = createRegistry(builtinNodes);
mkdirSync(dir, { recursive: true });
for (const t of TEMPLATES) {
	const file = join(dir, templateFileName(t));
	writeFileSync(file, serialiseDocument(templateDocument(t, registry)));
	console.log(file);
}
