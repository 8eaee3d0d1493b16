// The model zoo's training benchmark (issue 5): every tabular family trained through its
// own node (the code the studio's worker and `tessera train` run), on 100,000 × 20 and
// 1,000,000 × 20 rows, against the scikit-learn equivalent in bench/zoo_reference.py.
//
// Protocol (both sides): the first trainFraction of rows train, the rest validate; time =
// fitting only (kNN: fitting + predicting VALIDATION_CAP validation rows, since its fit is a
// copy); accuracy (R² for linear) on the validation rows (kNN: the first VALIDATION_CAP).
// The 100k cases run a warm-up then the usual repeats; the 1M cases run once.
import fs from 'node:fs';
import { register } from 'tsx/esm/api';

export const VALIDATION_CAP = 2000;
/** Epochs of the MLP zoo case; both sides report time per epoch. */
export const MLP_ZOO_EPOCHS = 10;

/**
 * Family → node type, node params, the scikit-learn model with the same settings (names the
 * reference script understands), and the data. Params not named keep the node's defaults,
 * which follow scikit-learn's.
 */
export const ZOO = {
	logistic: { type: 'model.logistic', params: {}, data: 'classify', tool: 'LogisticRegression(lbfgs, C=1)', target: 'speed' },
	linear: { type: 'model.linear', params: {}, data: 'corr', tool: 'LinearRegression()', target: 'speed' },
	tree: {
		type: 'model.tree',
		params: { task: 'classification', maxDepth: 12 },
		data: 'classify',
		tool: 'DecisionTreeClassifier(max_depth=12)',
		target: 'report'
	},
	forest: {
		type: 'model.forest',
		params: { task: 'classification', trees: 20, maxDepth: 12 },
		data: 'classify',
		tool: 'RandomForestClassifier(20 trees, max_depth=12, n_jobs=1)',
		target: 'report'
	},
	gbdt: {
		type: 'model.gbdt',
		params: { task: 'classification', earlyStopping: 'off' },
		data: 'classify',
		tool: 'HistGradientBoostingClassifier(max_iter=100, early_stopping=False)',
		// Issue 19: at or below scikit-learn (it was ≤ 2× before the compute pool).
		target: 'speed'
	},
	knn: {
		type: 'model.knn',
		params: { task: 'classification' },
		data: 'classify',
		tool: `KNeighborsClassifier(5) fit + predict ${VALIDATION_CAP} rows`,
		target: 'report'
	},
	'naive-bayes': { type: 'model.naive-bayes', params: {}, data: 'classify', tool: 'GaussianNB()', target: 'report' },
	// Our dense SIMD kernels (the node's default on CPU backends) against OpenBLAS.
	mlp: {
		type: 'model.mlp',
		params: { task: 'classification', layers: 2, units: 64, batchSize: 256, learningRate: 0.001, epochs: MLP_ZOO_EPOCHS, seed: 0 },
		data: 'classify',
		tool: `MLPClassifier(64,64; adam, batch 256, ${MLP_ZOO_EPOCHS} epochs)`,
		target: 'speed'
	}
};

export const ZOO_SIZES = ['100k', '1m'];

/** Case definitions for bench/cases.mjs. */
export function zooCases() {
	return Object.entries(ZOO).flatMap(([family, z]) =>
		ZOO_SIZES.map((size) => ({
			id: `train-${family}-${size}`,
			name: `Train ${family} on ${size === '1m' ? '1,000,000' : '100,000'} × 20 (${z.type})`,
			where: 'node',
			tool: `sklearn ${z.tool}`,
			target:
				z.target === 'speed' ? 'fit ≤ sklearn, equal accuracy' : z.target === 'gbdt' ? 'fit ≤ 2× sklearn, equal accuracy' : 'report only'
		}))
	);
}

let modules = null;
async function core() {
	if (modules) return modules;
	register();
	const [csv, catalog, registry, dataset, modeling, predictors, params, compute] = await Promise.all([
		import('../src/lib/core/readers/csv.ts'),
		import('../src/lib/core/nodes/catalog/index.ts'),
		import('../src/lib/core/nodes/registry.ts'),
		import('../src/lib/core/nodes/dataset.ts'),
		import('../src/lib/core/nodes/modeling.ts'),
		import('../src/lib/core/nodes/predictors.ts'),
		import('../src/lib/core/nodes/params.ts'),
		import('../src/cli/compute-threads.ts')
	]);
	// The CLI's compute pool (one thread per core), kept warm across cases as a command keeps it across its fits.
	const pool = compute.cliComputePool();
	// Threads start here, not inside a timed fit.
	if (pool.threads > 1) (await pool.open({})).close();
	modules = { csv, registry: registry.createRegistry(catalog.builtinNodes), dataset, modeling, predictors, params, pool };
	return modules;
}

/** Families whose fit spreads over the compute pool: also timed on one thread, for the ratio with one thread and with all. */
const POOLED = new Set(['gbdt', 'linear', 'logistic', 'knn', 'mlp']);

/**
 * A node context; with `pool`, the fit may use it, and `used.threads` records the most
 * threads a fit's job ran on (1: the fit stayed in this thread).
 */
function context(pool, used) {
	const compute = pool && {
		threads: pool.threads,
		alloc: (type, length) => pool.alloc(type, length),
		close: () => pool.close(),
		async open(buffers) {
			const job = await pool.open(buffers);
			used.threads = Math.max(used.threads, job.parts);
			return job;
		}
	};
	return {
		...(compute ? { compute } : {}),
		signal: new AbortController().signal,
		progress: () => {},
		seed: 0,
		backend: 'cpu',
		loadSource: () => Promise.reject(new Error('not in the benchmark')),
		applyRecipe: () => {
			throw new Error('not in the benchmark');
		}
	};
}

/** Keeps the first `rows` rows of every column. */
function head(frame, rows) {
	if (frame.rowCount <= rows) return frame;
	const columns = frame.columns.map((c) =>
		c.kind === 'number' || c.kind === 'date' ? { ...c, values: c.values.subarray(0, rows) } : { ...c, codes: c.codes.subarray(0, rows) }
	);
	return { columns, rowCount: rows };
}

function r2(pred, truth) {
	let mean = 0;
	for (const v of truth) mean += v;
	mean /= truth.length;
	let res = 0;
	let tot = 0;
	for (let i = 0; i < truth.length; i++) {
		res += (truth[i] - pred[i]) ** 2;
		tot += (truth[i] - mean) ** 2;
	}
	return 1 - res / tot;
}

/**
 * @param {{ dataFiles: Record<string, string>, rows: Record<string, number>, repeats: number, trainFraction: number, only: (id: string) => boolean, log: (s: string) => void }} opts
 */
export async function runZooCases({ dataFiles, rows, repeats, trainFraction, only, log }) {
	const out = [];
	const wanted = zooCases().filter((c) => only(c.id));
	if (!wanted.length) return out;
	const c = await core();
	const frames = new Map();
	const frameOf = async (kind) => {
		if (!frames.has(kind)) {
			const file = kind === 'corr' ? dataFiles.corr : dataFiles.classifyLarge;
			log(`zoo: reading ${file}`);
			frames.set(kind, await c.csv.readCsvStream(fs.createReadStream(file, { highWaterMark: 1 << 20 })));
		}
		return frames.get(kind);
	};
	const sizeRows = { '100k': Math.min(100_000, rows.classifyLarge), '1m': rows.classifyLarge };

	for (const def of wanted) {
		const [, family, size] = /^train-(.+)-(100k|1m)$/.exec(def.id);
		const z = ZOO[family];
		const nodeDef = c.registry.get(z.type);
		if (!nodeDef) {
			out.push({ id: def.id, note: `not run: this build has no ${z.type} node` });
			continue;
		}
		const n = sizeRows[size];
		const frame = head(await frameOf(z.data), n);
		const target = z.data === 'corr' ? 'v1' : 'label';
		const nTrain = Math.floor(n * trainFraction);
		const roles = new Uint8Array(n).fill(2, nTrain);
		roles.fill(1, 0, nTrain);
		const data = { ...c.dataset.datasetOf(frame, `bench:${z.data}:${n}`), target, roles };
		const params = { ...c.params.defaultParams(nodeDef.params), ...z.params };
		const valRows = Uint32Array.from(
			{ length: family === 'knn' ? Math.min(VALIDATION_CAP, n - nTrain) : n - nTrain },
			(_, i) => nTrain + i
		);
		log(`zoo: ${def.id}`);
		const score = async ({ model, predicted }) => {
			const pred = predicted ?? (await c.predictors.predict(model, c.modeling.modelMatrix(model, frame, valRows)));
			if (model.task === 'regression') return r2(pred.values, c.modeling.targetValues(frame, target, valRows));
			const truth = c.modeling.classCodes(frame, target, valRows, model.classes);
			let hit = 0;
			for (let i = 0; i < truth.length; i++) if (pred.codes[i] === truth[i]) hit++;
			return hit / truth.length;
		};

		const used = { threads: 1 };
		const fit = async (pool = c.pool) => {
			const t0 = performance.now();
			const result = await nodeDef.run({ data }, params, context(pool, used));
			let predicted = null;
			// k-NN's search spreads over the same pool as the fits (none: one thread).
			if (family === 'knn')
				predicted = await c.predictors.predict(result.model, c.modeling.modelMatrix(result.model, frame, valRows), {
					...(pool ? { compute: context(pool, used).compute } : {})
				});
			return { ms: performance.now() - t0, model: result.model, predicted };
		};
		const runs = [];
		let last;
		let accuracy;
		let oneThread = null;
		try {
			if (size === '100k') await fit(); // warm-up
			for (let i = 0; i < (size === '100k' ? repeats : 1); i++) {
				last = await fit();
				runs.push(last.ms);
			}
			accuracy = await score(last);
			if (POOLED.has(family) && c.pool.threads > 1) {
				// The same fit on one thread (the model is the same to the bit; only the time differs).
				const single = [];
				for (let i = 0; i < (size === '100k' ? repeats : 1); i++) single.push((await fit(null)).ms);
				oneThread = [...single].sort((a, b) => a - b)[single.length >> 1];
			}
		} catch (e) {
			out.push({ id: def.id, note: `failed: ${e?.message ?? e}` });
			continue;
		}
		const model = last.model;
		const sorted = [...runs].sort((a, b) => a - b);
		out.push({
			id: def.id,
			tessera: {
				ms: sorted[sorted.length >> 1],
				...(family === 'mlp' ? { perEpochMs: sorted[sorted.length >> 1] / MLP_ZOO_EPOCHS } : {}),
				accuracy,
				extra: {
					runs,
					train: nTrain,
					validation: valRows.length,
					metric: model.task === 'regression' ? 'R²' : 'accuracy',
					backend: model.backend,
					stopped: model.stopped ?? null,
					threads: used.threads,
					...(oneThread !== null ? { oneThreadMs: oneThread } : {})
				}
			}
		});
	}
	return out;
}
