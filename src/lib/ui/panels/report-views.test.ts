import { describe, expect, it } from 'vitest';
import { REPORT_TYPES } from '../../core/nodes/reports';
import { REPORT_VIEWS } from './report-views';

describe('report views', () => {
	it('has one view for every report kind, and none for a kind that does not exist', () => {
		expect(Object.keys(REPORT_VIEWS).sort()).toEqual([...REPORT_TYPES].sort());
		for (const entry of Object.values(REPORT_VIEWS)) expect(typeof entry.component).toBe('function');
	});
});
