import type { TemplateBuilder } from './build';

/** A test-rows metric of an `evaluate.metrics` node that a template reports as its figure. */
export type TemplateMetric = 'accuracy' | 'f1Macro' | 'rocAuc' | 'r2';

/**
 * Where a template's expected figure is read after a run: the one number its card promises.
 * Each kind names the node (by id in the built document) and the value inside its output.
 */
export type TemplateFigureSource =
	/** `evaluate.metrics` → `metrics.test[metric]`. */
	| { readonly kind: 'metric'; readonly node: string; readonly metric: TemplateMetric }
	/** `evaluate.diagnostics` on test rows → average precision of the curve for `positive`. */
	| { readonly kind: 'average-precision'; readonly node: string; readonly positive: string }
	/** `model.kmeans` with an elbow sweep → the silhouette at the chosen k. */
	| { readonly kind: 'silhouette'; readonly node: string };

export interface TemplateFigure {
	readonly source: TemplateFigureSource;
	/** What the number is, as a card shows it ("test ROC AUC"). */
	readonly name: string;
	/** The band a run lands in; checked by templates.test.ts on every template. */
	readonly min: number;
	readonly max: number;
}

/** A complete, runnable pipeline with what it teaches: one entry of the templates gallery. */
export interface Template {
	/** Stable id: the file name under templates/ and the gallery's key. */
	readonly id: string;
	readonly title: string;
	/** One line: the lesson the template carries, for its card. */
	readonly teaches: string;
	/** One paragraph: the use case, what each part of the pipeline does, and what to read. */
	readonly description: string;
	/** The bundled sample it runs on (io.dataset's `sample`), and a line about that data. */
	readonly dataset: { readonly sample: string; readonly note: string };
	readonly figure: TemplateFigure;
	/**
	 * The recipe: adds the pipeline's nodes, each labelled with its step, to a builder named
	 * after the title; `templateDocument` (document.ts) lays it out and adds the note. A recipe
	 * rather than a document, so the cards load without the node catalog (issue 19).
	 */
	readonly build: (builder: TemplateBuilder) => void;
}
