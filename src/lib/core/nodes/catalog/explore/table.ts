import { expectDataset } from '../../dataset';
import { defineNode } from '../../define';
import { port } from '../../ports';

export default defineNode({
	type: 'explore.table',
	version: 1,
	category: 'explore',
	title: 'Table view',
	description: 'Look at the rows of a dataset. Passes the data through unchanged.',
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data') },
	params: {},
	// Shows its input as it is.
	schema: 'same',
	run: (inputs) => ({ data: expectDataset(inputs.data) })
});
