import { isolated } from '$lib/core/util/bidi';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * A label cut to `max` characters with an ellipsis, for chart axes and legends (the whole
 * label goes in the element's <title>). Counted in graphemes, so an emoji or an accented
 * letter is never cut in half into a replacement character; a label holding direction
 * controls is isolated so a U+202E in it cannot reverse the text around it.
 */
export function shortLabel(text: string, max: number): string {
	if (text.length <= max) return isolated(text);
	const kept: string[] = [];
	for (const { segment } of graphemes.segment(text)) {
		if (kept.length === max) return `${isolated(kept.slice(0, max - 1).join(''))}…`;
		kept.push(segment);
	}
	return isolated(text);
}
