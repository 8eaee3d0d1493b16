/**
 * Bytes to text for the file readers. A byte-order mark decides UTF-8 / UTF-16; without
 * one, text is UTF-8 unless its bytes are not valid UTF-8, which in practice means a
 * Latin-1 / Windows-1252 export from an older spreadsheet. The user can also name the
 * encoding. Decoding is streaming, so a 150 MB file is never one decoded string twice.
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
/** 'auto' detects as described above. */
export type EncodingChoice = 'auto' | TextEncodingName;

export const ENCODING_CHOICES: readonly EncodingChoice[] = ['auto', 'utf-8', 'utf-16le', 'utf-16be', 'windows-1252'];

/** Thrown when bytes cannot be decoded as the chosen (or detected) encoding. */
export class EncodingError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'EncodingError';
	}
}

/** The encoding a byte-order mark announces, with the mark's length; null without one. */
export function bomEncoding(head: Uint8Array): { encoding: TextEncodingName; length: number } | null {
	if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
	if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
	if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
	return null;
}

/**
 * Windows-1252 bytes 0x80–0x9F (the rest equal their Latin-1 code points). Written out
 * because Node's TextDecoder maps the label to ISO-8859-1, so '€' (0x80) would differ
 * between the CLI and the browser. Undefined bytes keep their code point, as browsers do.
 */
const CP1252_HIGH = [
	0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f, 0x90, 0x2018,
	0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178
];

export function decodeWindows1252(bytes: Uint8Array): string {
	const STEP = 8192; // String.fromCharCode takes its arguments on the stack
	let out = '';
	const units = new Uint16Array(Math.min(STEP, bytes.length));
	for (let at = 0; at < bytes.length; at += STEP) {
		const n = Math.min(STEP, bytes.length - at);
		for (let i = 0; i < n; i++) {
			const b = bytes[at + i];
			units[i] = b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : b;
		}
		out += String.fromCharCode.apply(null, Array.from(units.subarray(0, n)));
	}
	return out;
}

/** Decodes a byte stream piece by piece; a character split across pieces stays whole. */
export interface StreamDecoder {
	decode(chunk: Uint8Array): string;
	/** Flushes what is left; throws EncodingError when the input ended mid-character. */
	end(): string;
	/** The encoding in use (after detection: what the first bytes or a failure decided). */
	readonly encoding: TextEncodingName | 'auto';
}

function webDecoder(encoding: 'utf-8' | 'utf-16le' | 'utf-16be', fatal: boolean): TextDecoder {
	return new TextDecoder(encoding, { fatal });
}

/**
 * `choice` 'auto': a BOM wins; otherwise strict UTF-8, and on the first invalid byte
 * Windows-1252 — allowed only while everything before was ASCII (which reads the same in
 * both), so a file is never decoded half one way and half the other.
 */
export function createStreamDecoder(choice: EncodingChoice = 'auto'): StreamDecoder {
	let encoding: TextEncodingName | 'auto' = choice;
	let decoder: TextDecoder | null = null;
	let started = false;
	let asciiSoFar = true;
	let offset = 0;

	function start(chunk: Uint8Array): void {
		started = true;
		const bom = bomEncoding(chunk);
		if (encoding === 'auto') encoding = bom ? bom.encoding : 'utf-8';
		if (encoding !== 'windows-1252') {
			// a strict decoder in auto mode, so invalid UTF-8 is noticed rather than replaced
			decoder = webDecoder(encoding, choice === 'auto' || encoding !== 'utf-8');
		}
	}

	function decodeChunk(chunk: Uint8Array, stream: boolean): string {
		if (encoding === 'windows-1252' || decoder === null) return decodeWindows1252(chunk);
		try {
			const text = decoder.decode(chunk, { stream });
			if (asciiSoFar && text.length !== chunk.byteLength) asciiSoFar = false;
			return text;
		} catch {
			if (choice === 'auto' && encoding === 'utf-8' && asciiSoFar) {
				encoding = 'windows-1252';
				decoder = null;
				return decodeWindows1252(chunk);
			}
			throw new EncodingError(
				`the bytes near byte ${offset.toLocaleString('en-US')} are not valid ${encoding === 'auto' ? 'text' : encoding.toUpperCase()}: ` +
					'choose the file\u2019s encoding (for example windows-1252 / Latin-1) and import it again'
			);
		}
	}

	return {
		get encoding() {
			return encoding;
		},
		decode(chunk) {
			if (chunk.byteLength === 0) return '';
			if (!started) start(chunk); // TextDecoder drops the BOM itself
			const text = decodeChunk(chunk, true);
			offset += chunk.byteLength;
			return text;
		},
		end() {
			if (!started || encoding === 'windows-1252' || decoder === null) return '';
			return decodeChunk(new Uint8Array(0), false);
		}
	};
}

/** Decodes a whole buffer; returns the text and the encoding used. */
export function decodeBytes(bytes: Uint8Array, choice: EncodingChoice = 'auto'): { text: string; encoding: TextEncodingName } {
	const decoder = createStreamDecoder(choice);
	const text = decoder.decode(bytes) + decoder.end();
	const used = decoder.encoding;
	return { text, encoding: used === 'auto' ? 'utf-8' : used };
}
