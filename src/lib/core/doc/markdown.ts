/**
 * The one place note and lesson text (Markdown written by whoever sent the file) becomes
 * HTML. It is hostile input, so: raw HTML is off (markdown-it escapes it as text), links
 * go only to http(s) and mailto (no javascript:, data:, file: or relative paths into the
 * app), every link opens apart with rel=noopener noreferrer, and images are off (a note
 * must not fetch from the network when opened, nor track who read it).
 */
import MarkdownIt from 'markdown-it';

type Renderer = ReturnType<typeof MarkdownIt>;

const ALLOWED_LINK = /^(https?:\/\/|mailto:)/i;

function createRenderer(): Renderer {
	const md = MarkdownIt({ html: false, linkify: false, typographer: false });
	md.disable(['image']);
	md.validateLink = (url: string) => ALLOWED_LINK.test(url.trim());
	md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
		const token = tokens[idx];
		token.attrSet('rel', 'noopener noreferrer');
		token.attrSet('target', '_blank');
		return self.renderToken(tokens, idx, options);
	};
	return md;
}

let renderer: Renderer | null = null;

/** Safe HTML for a piece of Markdown: headings, emphasis, lists, code, quotes and plain links. */
export function renderMarkdown(text: string): string {
	renderer ??= createRenderer();
	return renderer.render(text);
}
