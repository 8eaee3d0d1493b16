#!/usr/bin/env node
/**
 * Writes the synthetic samples the templates gallery runs on (src/lib/core/templates/):
 * churn, transactions (fraud), store-sales (demand), houses, customers (segmentation),
 * sensors (anomalies) and loans (fairness), under static/samples/. No small public dataset
 * with a clear redistribution licence was available offline for these use cases, so each is
 * drawn from a stated generating process with a fixed seed: rerunning writes the same bytes.
 *
 * Each process is built so the template has something real to teach: an imbalanced target
 * whose best threshold is not 0.5 (churn), 1.5% positives where accuracy is useless (fraud),
 * weekly seasonality, promotions and a trend that lags explain (store sales), a right-skewed
 * price driven multiplicatively (houses), four customer groups of different spread
 * (customers), a few percent of readings off the normal manifold (sensors), and historical
 * decisions that were harsher on one group at equal merit (loans).
 *
 *   node scripts/make-template-data.mjs
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'static', 'samples');

// mulberry32, as src/lib/core/util/random.ts.
function createRandom(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function tools(seed) {
	const u = createRandom(seed);
	const normal = () => {
		const a = Math.max(u(), 1e-12);
		return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * u());
	};
	const pick = (items, weights) => {
		const total = weights.reduce((s, w) => s + w, 0);
		let r = u() * total;
		for (let i = 0; i < items.length; i++) if ((r -= weights[i]) < 0) return items[i];
		return items[items.length - 1];
	};
	const bernoulli = (p) => u() < p;
	return { u, normal, pick, bernoulli };
}

const sigmoid = (z) => 1 / (1 + Math.exp(-z));
const round = (x, d = 2) => Number(x.toFixed(d));
const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));

function writeCsv(name, header, rows) {
	const cell = (v) => (v === null ? '' : String(v));
	const text = [header.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n') + '\n';
	writeFileSync(join(OUT, name), text);
	console.log(`${name}: ${rows.length} rows, ${text.length} bytes`);
}

function churn() {
	const { u, normal, pick, bernoulli } = tools(1701);
	const rows = [];
	for (let i = 0; i < 2000; i++) {
		const contract = pick(['month-to-month', 'one-year', 'two-year'], [0.55, 0.25, 0.2]);
		const tenure = Math.round(clamp(contract === 'month-to-month' ? -Math.log(1 - u()) * 14 : 12 + u() * 60, 1, 72));
		const internet = pick(['fiber', 'dsl', 'none'], [0.45, 0.35, 0.2]);
		const base = internet === 'fiber' ? 80 : internet === 'dsl' ? 55 : 25;
		const charges = round(clamp(base + normal() * 12, 18, 120));
		const calls = Math.min(9, Math.floor(-Math.log(1 - u()) * 1.3));
		const paperless = bernoulli(0.6) ? 'yes' : 'no';
		const z =
			-2.3 +
			(contract === 'month-to-month' ? 1.6 : contract === 'one-year' ? 0 : -1.4) -
			0.035 * tenure +
			0.018 * (charges - 60) +
			0.38 * calls +
			(internet === 'fiber' ? 0.5 : 0) +
			(paperless === 'yes' ? 0.3 : 0) +
			normal() * 0.6;
		rows.push([
			`C${String(i + 1).padStart(4, '0')}`,
			tenure,
			charges,
			contract,
			internet,
			paperless,
			calls,
			bernoulli(sigmoid(z)) ? 'yes' : 'no'
		]);
	}
	writeCsv(
		'churn.csv',
		['customer', 'tenure_months', 'monthly_charges', 'contract', 'internet', 'paperless_billing', 'support_calls', 'churned'],
		rows
	);
}

function transactions() {
	const { u, normal, pick, bernoulli } = tools(2024);
	const rows = [];
	for (let i = 0; i < 5000; i++) {
		const fraud = bernoulli(0.015);
		const category = fraud
			? pick(['electronics', 'online', 'travel', 'grocery', 'fuel'], [0.35, 0.35, 0.15, 0.1, 0.05])
			: pick(['electronics', 'online', 'travel', 'grocery', 'fuel'], [0.1, 0.25, 0.05, 0.4, 0.2]);
		// Fraud overlaps the normal ranges: large, far, at night and card-not-present only tilt the odds.
		const amount = round(Math.exp((fraud ? 4.6 : 3.4) + normal() * (fraud ? 1.0 : 0.9)));
		const hour = fraud && bernoulli(0.5) ? Math.floor(u() * 6) : Math.floor(clamp(14 + normal() * 4.5, 0, 23.99));
		const distance = round(Math.exp((fraud ? 3.2 : 1.8) + normal() * 1.2), 1);
		const present = fraud ? (bernoulli(0.2) ? 'yes' : 'no') : bernoulli(0.65) ? 'yes' : 'no';
		const recent = Math.floor(-Math.log(1 - u()) * (fraud ? 4 : 1.5));
		rows.push([amount, hour, category, distance, present, recent, fraud ? 'yes' : 'no']);
	}
	writeCsv(
		'transactions.csv',
		['amount', 'hour', 'merchant_category', 'distance_km', 'card_present', 'transactions_24h', 'is_fraud'],
		rows
	);
}

function storeSales() {
	const { normal, bernoulli } = tools(7);
	const stores = [
		{ name: 'north', level: 120 },
		{ name: 'centre', level: 200 },
		{ name: 'harbour', level: 80 }
	];
	const weekday = [0.8, 0.85, 0.9, 0.95, 1.15, 1.45, 1.25]; // Monday … Sunday
	const start = Date.UTC(2023, 0, 1);
	const days = 730;
	const rows = [];
	for (const store of stores) {
		let level = store.level;
		for (let d = 0; d < days; d++) {
			const date = new Date(start + d * 86_400_000);
			const dow = (date.getUTCDay() + 6) % 7;
			const season = 1 + 0.15 * Math.sin((2 * Math.PI * (d - 80)) / 365);
			const promo = bernoulli(0.12) ? 1 : 0;
			// The level wanders (a random walk), which is what recent lags and rolling means pick up.
			level = Math.max(20, level * (1 + 0.0006) + normal() * 1.5);
			const sales = Math.max(0, Math.round(level * weekday[dow] * season * (promo ? 1.3 : 1) + normal() * 8));
			rows.push([date.toISOString().slice(0, 10), store.name, promo, sales]);
		}
	}
	rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1));
	writeCsv('store-sales.csv', ['date', 'store', 'promotion', 'units_sold'], rows);
}

function houses() {
	const { u, normal, pick } = tools(1990);
	const premium = { riverside: 0.35, 'old-town': 0.2, suburbs: 0, industrial: -0.25 };
	const rows = [];
	for (let i = 0; i < 1500; i++) {
		const area = Math.round(clamp(Math.exp(4.6 + normal() * 0.35), 30, 400));
		const bedrooms = clamp(Math.round(area / 35 + normal() * 0.7), 1, 7);
		const bathrooms = clamp(Math.round(bedrooms / 2 + normal() * 0.5), 1, 4);
		const lot = Math.round(Math.exp(5.8 + normal() * 0.7));
		const age = Math.round(u() * 90);
		const quality = clamp(Math.round(6 + normal() * 1.5), 1, 10);
		const hood = pick(Object.keys(premium), [0.15, 0.2, 0.45, 0.2]);
		const logPrice =
			8.9 +
			0.75 * Math.log(area) +
			0.08 * Math.log(lot) +
			0.09 * quality -
			0.003 * age +
			0.03 * bathrooms +
			premium[hood] +
			normal() * 0.16;
		rows.push([area, lot, bedrooms, bathrooms, age, quality, hood, Math.round(Math.exp(logPrice) / 100) * 100]);
	}
	writeCsv('houses.csv', ['area_m2', 'lot_m2', 'bedrooms', 'bathrooms', 'age_years', 'quality', 'neighbourhood', 'price'], rows);
}

function customers() {
	const { normal, pick } = tools(314);
	// spend, visits per month, basket, days since last visit, online share
	const groups = [
		{ w: 0.35, mean: [600, 2, 25, 30, 0.2], sd: [150, 0.6, 6, 10, 0.08] },
		{ w: 0.25, mean: [2400, 8, 28, 4, 0.3], sd: [400, 1.5, 6, 2, 0.1] },
		{ w: 0.2, mean: [1800, 1.5, 100, 25, 0.75], sd: [350, 0.5, 20, 8, 0.1] },
		{ w: 0.2, mean: [250, 0.5, 40, 120, 0.5], sd: [90, 0.25, 12, 30, 0.15] }
	];
	const rows = [];
	for (let i = 0; i < 600; i++) {
		const g = pick(
			groups,
			groups.map((x) => x.w)
		);
		const v = g.mean.map((m, j) => m + normal() * g.sd[j]);
		rows.push([
			`K${String(i + 1).padStart(3, '0')}`,
			Math.round(Math.max(20, v[0])),
			round(Math.max(0.1, v[1]), 1),
			round(Math.max(5, v[2]), 1),
			Math.round(Math.max(0, v[3])),
			round(clamp(v[4], 0, 1))
		]);
	}
	writeCsv('customers.csv', ['customer', 'annual_spend', 'visits_per_month', 'avg_basket', 'days_since_last_visit', 'online_share'], rows);
}

function sensors() {
	const { u, normal, bernoulli } = tools(99);
	const rows = [];
	for (let i = 0; i < 2000; i++) {
		const load = u();
		// Normal running: temperature, vibration and current follow the load together.
		let temperature = 55 + 20 * load + normal() * 2;
		let vibration = 1.5 + 2 * load + normal() * 0.3;
		let pressure = 4 + normal() * 0.25;
		let current = 10 + 12 * load + normal() * 0.8;
		const anomaly = bernoulli(0.03);
		if (anomaly) {
			const kind = Math.floor(u() * 3);
			// Faults break the joint pattern; several stay inside each column's normal range.
			if (kind === 0) vibration += 2.5 + u() * 2;
			else if (kind === 1) temperature += 12 + u() * 10;
			else {
				current -= 6 + u() * 4;
				pressure -= 0.9 + u() * 0.5;
			}
		}
		rows.push([
			round(load, 3),
			round(temperature, 1),
			round(vibration, 2),
			round(pressure, 2),
			round(current, 1),
			anomaly ? 'fault' : 'normal'
		]);
	}
	writeCsv('sensors.csv', ['load', 'temperature_c', 'vibration_mm_s', 'pressure_bar', 'current_a', 'status'], rows);
}

function loans() {
	const { u, normal, pick, bernoulli } = tools(1964);
	const rows = [];
	for (let i = 0; i < 2000; i++) {
		const sex = bernoulli(0.45) ? 'female' : 'male';
		const age = Math.round(clamp(40 + normal() * 12, 19, 75));
		const income = Math.round(Math.exp(10.6 + normal() * 0.45) / 100) * 100;
		const debt = round(clamp(0.3 + normal() * 0.15, 0, 0.95));
		const history = Math.round(clamp(age - 19 - u() * 10, 0, 50));
		const employment = pick(['permanent', 'temporary', 'self-employed', 'unemployed'], [0.6, 0.2, 0.13, 0.07]);
		const merit =
			1.3 * (Math.log(income) - 10.6) -
			4 * (debt - 0.3) +
			0.03 * (history - 15) +
			(employment === 'permanent' ? 0.5 : employment === 'unemployed' ? -1.5 : 0);
		// The historical decisions this model learns from were harsher on women at equal merit.
		const z = 0.4 + merit - (sex === 'female' ? 0.7 : 0) + normal() * 0.5;
		rows.push([age, sex, income, debt, history, employment, bernoulli(sigmoid(3 * z)) ? 'approved' : 'declined']);
	}
	writeCsv('loans.csv', ['age', 'sex', 'income', 'debt_ratio', 'credit_history_years', 'employment', 'decision'], rows);
}

churn();
transactions();
storeSales();
houses();
customers();
sensors();
loans();
