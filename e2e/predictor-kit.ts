// Shared by e2e/predictor-fixture.ts (which builds the model in Node) and e2e/predictor.spec.ts.

/** Hostile text the page must show as text: in a column name, a category level and the model's name. */
export const HOSTILE_COLUMN = 'Island <img src=x onerror="document.title=\'pwned\'">';
export const HOSTILE_LEVEL = 'Dream</script><b>bold</b>';
export const HOSTILE_NAME = 'Penguins <script>alert(1)</script> & friends';

/** What the fixture script writes to expected.json. */
export interface PredictorFixture {
	readonly modelFile: string;
	readonly batchCsv: string;
	readonly name: string;
	readonly classes: readonly string[];
	/** The rows of the batch CSV as text by column, with Node's label and probabilities. */
	readonly rows: readonly { cells: Record<string, string | null>; label: string; proba: Record<string, number> }[];
}
