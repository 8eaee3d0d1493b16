#!/usr/bin/env node
/**
 * Writes static/samples/reviews.csv: 800 synthetic product reviews labelled positive or
 * negative. No packaged review corpus with a clear licence is available offline here, so
 * the text is generated from templates with a fixed seed (rerunning gives the same file).
 *
 * It is built to be non-trivial for a bag of words: negations flip a judgement ("not
 * reliable"), "but" clauses outweigh what comes before them, most reviews mix praise and
 * complaint (a quarter of the judgements go against the writer's overall mood), neutral filler carries no signal, and 6% of labels are flipped, as real
 * ratings are noisy. The label is the sign of the weighted sum of the judgements.
 *
 *   node scripts/make-reviews.mjs
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROWS = 800;
const NOISE = 0.06;

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
const random = createRandom(20240517);
const pick = (list) => list[Math.floor(random() * list.length)];

const PRODUCTS = {
	headphones: ['sound', 'battery', 'fit', 'microphone', 'bass', 'case'],
	blender: ['motor', 'jug', 'blades', 'lid', 'noise level', 'cleaning'],
	novel: ['plot', 'ending', 'characters', 'writing', 'pacing', 'dialogue'],
	film: ['acting', 'story', 'soundtrack', 'ending', 'camera work', 'script'],
	backpack: ['zips', 'straps', 'fabric', 'pockets', 'stitching', 'size'],
	kettle: ['handle', 'lid', 'switch', 'boiling time', 'filter', 'spout'],
	phone: ['screen', 'battery', 'camera', 'speaker', 'charger', 'software'],
	tent: ['poles', 'pegs', 'zips', 'fabric', 'instructions', 'bag'],
	'coffee grinder': ['burrs', 'motor', 'hopper', 'settings', 'noise level', 'cleaning'],
	'desk lamp': ['hinge', 'bulb', 'switch', 'base', 'cable', 'brightness'],
	'board game': ['rules', 'pieces', 'box', 'artwork', 'length', 'replay value'],
	'running shoes': ['sole', 'laces', 'fit', 'cushioning', 'grip', 'stitching']
};

const GOOD = [
	'great',
	'excellent',
	'superb',
	'lovely',
	'solid',
	'reliable',
	'sturdy',
	'comfortable',
	'impressive',
	'brilliant',
	'pleasant',
	'decent',
	'clever',
	'smooth'
];
const BAD = [
	'awful',
	'flimsy',
	'poor',
	'cheap',
	'disappointing',
	'terrible',
	'noisy',
	'weak',
	'clumsy',
	'dreadful',
	'useless',
	'fragile',
	'annoying',
	'mediocre'
];
const STRONG = ['really', 'very', 'truly', 'absolutely', 'quite', 'rather', 'pretty'];
const FILLER = [
	'I bought it for my {who}.',
	'It arrived on {day}.',
	'I have used it for {n} weeks now.',
	'I ordered it after reading a few reviews.',
	'The parcel came in a plain box.',
	'I use it mostly at the weekend.',
	'This was a present for my {who}.',
	'I paid the full price.',
	'I compared it with two other models first.',
	'It replaced an older one.'
];
const WHO = ['sister', 'brother', 'father', 'mother', 'flatmate', 'son', 'daughter', 'partner', 'neighbour'];
const DAY = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const VERDICT_GOOD = [
	'I would recommend it',
	'I would buy it again',
	'worth every penny',
	'happy with it overall',
	'I am glad I bought it'
];
const VERDICT_BAD = ['I would not recommend it', 'I want my money back', 'a waste of money', 'I am sending it back', 'I regret buying it'];

/** One judgement of one aspect: [text, score]. Negation flips the sign at a little less weight. */
function judgement(product, mood) {
	const aspect = pick(PRODUCTS[product]);
	// Most judgements follow the writer's mood; a quarter go the other way.
	const positive = random() < 0.75 ? mood : !mood;
	const adj = pick(positive ? GOOD : BAD);
	const negated = random() < 0.3;
	const strong = !negated && random() < 0.35;
	const verb = aspect.endsWith('s') && !aspect.endsWith('ss') ? 'are' : 'is';
	const sign = (positive ? 1 : -1) * (negated ? -0.8 : 1);
	const forms = negated
		? [`the ${aspect} ${verb} not ${adj}`, `the ${aspect} ${verb} never ${adj}`, `I would not call the ${aspect} ${adj}`]
		: [
				`the ${aspect} ${verb} ${strong ? pick(STRONG) + ' ' : ''}${adj}`,
				`${adj} ${aspect}`,
				`I found the ${aspect} ${strong ? pick(STRONG) + ' ' : ''}${adj}`
			];
	return [pick(forms), sign * (strong ? 1.3 : 1)];
}

function sentence(text) {
	return text[0].toUpperCase() + text.slice(1) + '.';
}

function review() {
	const product = pick(Object.keys(PRODUCTS));
	const mood = random() < 0.5;
	const parts = [];
	let score = 0;
	if (random() < 0.6)
		parts.push(
			pick(FILLER)
				.replace('{who}', pick(WHO))
				.replace('{day}', pick(DAY))
				.replace('{n}', String(2 + Math.floor(random() * 10)))
		);
	const opener = random() < 0.5 ? `The ${product}: ` : '';
	const count = 1 + Math.floor(random() * 3);
	for (let i = 0; i < count; i++) {
		const [a, sa] = judgement(product, mood);
		if (random() < 0.35) {
			// "A but B": the clause after "but" is what the writer means.
			const [b, sb] = judgement(product, mood);
			parts.push(sentence(`${a}, but ${b}`));
			score += 0.5 * sa + 1.5 * sb;
		} else {
			parts.push(sentence(a));
			score += sa;
		}
	}
	if (random() < 0.3) {
		const good = random() < 0.85 ? mood : !mood;
		parts.push(sentence(pick(good ? VERDICT_GOOD : VERDICT_BAD)));
		score += good ? 1.2 : -1.2;
	}
	if (Math.abs(score) < 0.15) return review();
	let label = score > 0 ? 'positive' : 'negative';
	if (random() < NOISE) label = label === 'positive' ? 'negative' : 'positive';
	return { text: opener + parts.join(' '), label };
}

const quote = (s) => `"${s.replaceAll('"', '""')}"`;
const lines = ['text,sentiment'];
for (let i = 0; i < ROWS; i++) {
	const r = review();
	lines.push(`${quote(r.text)},${r.label}`);
}
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'static', 'samples', 'reviews.csv');
writeFileSync(out, lines.join('\n') + '\n');
console.log(`wrote ${ROWS} reviews to ${out}`);
