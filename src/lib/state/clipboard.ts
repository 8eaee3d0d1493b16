/**
 * The system clipboard, with a fallback. Copied nodes are written to the system clipboard (so
 * they paste into a text editor as JSON, and into another tab or browser window), and also kept
 * in localStorage, which every tab of this origin shares: when the browser will not let the page
 * read the clipboard (permission denied, no secure context), a paste from a menu still works
 * across projects and tabs. Without localStorage (tests under Node) a variable stands in.
 */
const KEY = 'tessera.clipboard';
let memory: string | null = null;

function store(text: string): void {
	memory = text;
	try {
		globalThis.localStorage?.setItem(KEY, text);
	} catch {
		// Storage full or disabled: the variable still serves this tab.
	}
}

function stored(): string | null {
	try {
		return globalThis.localStorage?.getItem(KEY) ?? memory;
	} catch {
		return memory;
	}
}

/** Puts text on the clipboard; `event` is the browser's copy/cut event when the keyboard asked. */
export async function writeClipboard(text: string, event?: ClipboardEvent): Promise<void> {
	store(text);
	if (event?.clipboardData) {
		event.clipboardData.setData('text/plain', text);
		event.preventDefault();
		return;
	}
	try {
		await globalThis.navigator?.clipboard?.writeText(text);
	} catch {
		// Denied: the stored copy serves pastes in this browser.
	}
}

/** The clipboard's text; `event` is the browser's paste event when the keyboard asked. */
export async function readClipboard(event?: ClipboardEvent): Promise<string | null> {
	const fromEvent = event?.clipboardData?.getData('text/plain');
	if (fromEvent) return fromEvent;
	if (!event) {
		try {
			const text = await globalThis.navigator?.clipboard?.readText();
			if (text) return text;
		} catch {
			// Permission denied or not focused: fall back to what this browser copied last.
		}
	}
	return stored();
}
