import { profileFrame, type FrameProfile } from '../../../analysis/profile';
import { expectDataset } from '../../dataset';
import { defineNode } from '../../define';
import { port } from '../../ports';

/** Column profile's report: the frame profile, tagged. */
export type ProfileReport = { readonly type: 'profile' } & FrameProfile;

export default defineNode({
	type: 'explore.profile',
	version: 1,
	category: 'explore',
	title: 'Column profile',
	description: 'Kind, missing values, distinct values, summary statistics and a histogram for every column.',
	inputs: { data: port.dataset('data') },
	outputs: { profile: port.report('profile') },
	params: {},
	run: (inputs) => {
		const report: ProfileReport = { type: 'profile', ...profileFrame(expectDataset(inputs.data).frame) };
		return { profile: { kind: 'report', report } };
	}
});
