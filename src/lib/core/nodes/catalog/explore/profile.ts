import { profileFrame } from '../../../analysis/profile';
import { expectDataset } from '../../dataset';
import { defineNode } from '../../define';
import { port } from '../../ports';

export default defineNode({
	type: 'explore.profile',
	version: 1,
	category: 'explore',
	title: 'Column profile',
	description: 'Kind, missing values, distinct values, summary statistics and a histogram for every column.',
	inputs: { data: port.dataset('data') },
	outputs: { profile: port.report('profile') },
	params: {},
	run: (inputs) => ({ profile: { kind: 'report', report: profileFrame(expectDataset(inputs.data).frame) } })
});
