import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	parseRegistryIndex,
	previousActive,
	promoteVersion,
	registerVersion,
	rollbackVersion,
	serialiseRegistryIndex,
	stageOf,
	updateVersion,
	watchedPromotion,
	nextVersion,
	type RegistryIndex
} from './registry-index';

const at = (n: number) => `2026-12-07T10:0${n}:00.000Z`;
const stamp = (n: number, actor = 'test') => ({ at: at(n), actor });

describe('registry index', () => {
	it('an index from before stages and history (the layout tessera serve first read) still loads', () => {
		const text = readFileSync(join(__dirname, 'fixtures', 'registry-v0.json'), 'utf8');
		const index = parseRegistryIndex(text, 'registry-v0.json');
		const churn = index.models.churn;
		expect(churn.active).toBe('2');
		expect(stageOf(churn, '2')).toBe('Production');
		expect(stageOf(churn, '1')).toBe('None');
		expect(previousActive(churn)).toBeNull();
		expect(watchedPromotion(churn)).toBeNull();
		// And it takes new versions: registered, promoted over the old active one, rolled back.
		let next = registerVersion(index, 'churn', nextVersion(churn), { file: 'churn-3.tessera-model' }, stamp(1));
		expect(next.models.churn.active).toBe('2');
		next = promoteVersion(next, 'churn', '3', stamp(2));
		expect(next.models.churn.active).toBe('3');
		expect(next.models.churn.versions['2'].stage).toBe('Archived');
		expect(next.models.churn.versions['3'].stage).toBe('Production');
		expect(previousActive(next.models.churn)).toBe('2');
		// What was written reads back the same.
		expect(parseRegistryIndex(serialiseRegistryIndex(next), 'x')).toEqual(next);
	});

	it('refuses bad indexes with the place named', () => {
		expect(() => parseRegistryIndex('{', 'r.json')).toThrow(/r\.json: not JSON/);
		expect(() => parseRegistryIndex('{"models": []}', 'r.json')).toThrow(/expected \{"models"/);
		expect(() => parseRegistryIndex('{"models": {"a": {"active": "2", "versions": {"1": {"file": "a"}}}}}', 'r.json')).toThrow(
			/model "a": the active version "2" is not among its versions/
		);
		expect(() =>
			parseRegistryIndex('{"models": {"a": {"active": "1", "versions": {"1": {"file": "a", "stage": "Live"}}}}}', 'r.json')
		).toThrow(/"stage" must be one of None, Staging, Production, Archived, got "Live"/);
		expect(() =>
			parseRegistryIndex(
				'{"models": {"a": {"active": "1", "versions": {"1": {"file": "a"}}, "history": [{"event": "deleted"}]}}}',
				'r.json'
			)
		).toThrow(/model "a" history\[0\] needs "event"/);
	});

	it('first version: registered then promoted from nothing; a promotion and a rollback record who, when and from what', () => {
		const empty: RegistryIndex = { models: {} };
		let index = registerVersion(empty, 'm', '1', { file: 'm-1.tessera-model' }, stamp(1));
		index = promoteVersion(index, 'm', '1', stamp(2), undefined);
		expect(index.models.m.history?.map((e) => [e.event, e.version, 'from' in e ? e.from : undefined])).toEqual([
			['registered', '1', undefined],
			['promoted', '1', null]
		]);
		// A first version has nothing to roll back to, and no rule watches it.
		expect(watchedPromotion(index.models.m)).toBeNull();
		expect(() => rollbackVersion(index, 'm', undefined, stamp(3))).toThrow(/records no version that 1 replaced; name one with --to/);

		index = registerVersion(index, 'm', nextVersion(index.models.m), { file: 'm-2.tessera-model' }, stamp(3));
		expect(index.models.m.versions['2'].stage).toBe('None');
		index = promoteVersion(index, 'm', '2', { ...stamp(4), reason: 'retrained' });
		expect(watchedPromotion(index.models.m)).toEqual({ version: '2', from: '1', at: at(4) });
		index = rollbackVersion(index, 'm', undefined, stamp(5, 'tessera serve'), { rule: 'error_rate>0.05', value: 0.5, requests: 20 });
		expect(index.models.m.active).toBe('1');
		expect(stageOf(index.models.m, '1')).toBe('Production');
		expect(index.models.m.versions['2'].stage).toBe('Archived');
		expect(index.models.m.history?.at(-1)).toEqual({
			event: 'rolled-back',
			version: '1',
			from: '2',
			at: at(5),
			actor: 'tessera serve',
			rule: { rule: 'error_rate>0.05', value: 0.5, requests: 20 }
		});
		// Once per promotion: after the rollback nothing is watched, and a second rollback would need --to.
		expect(watchedPromotion(index.models.m)).toBeNull();
		expect(previousActive(index.models.m)).toBeNull();
		expect(rollbackVersion(index, 'm', '2', stamp(6)).models.m.active).toBe('2');
	});

	it('refuses what cannot be done, naming the model and version', () => {
		const index = registerVersion({ models: {} }, 'm', '1', { file: 'm-1' }, stamp(1));
		expect(() => registerVersion(index, 'm', '1', { file: 'x' }, stamp(2))).toThrow(/already has a version "1"/);
		expect(() => promoteVersion(index, 'm', '7', stamp(2))).toThrow(/model "m" has no version "7" \(versions: 1\)/);
		expect(() => promoteVersion(index, 'x', '1', stamp(2))).toThrow(/no model "x" \(models: m\)/);
		expect(() => rollbackVersion(index, 'm', '1', stamp(2))).toThrow(/already the active one/);
		expect(updateVersion(index, 'm', '1', { limitations: 'not for minors' }).models.m.versions['1'].limitations).toBe('not for minors');
	});
});
