/** Save a Blob as a file through a temporary link; the text and bytes forms below wrap it. */
export function downloadBlob(blob: Blob, filename: string): void {
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	document.body.appendChild(a);
	a.click();
	a.remove();
	// Revoked later, not at once: the browser reads the object URL after the click returns.
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Save text as a file through a temporary link. */
export function downloadText(text: string, filename: string, type = 'application/json'): void {
	downloadBlob(new Blob([text], { type }), filename);
}

/** Save bytes as a file through a temporary link. */
export function downloadBytes(bytes: Uint8Array, filename: string, type = 'application/octet-stream'): void {
	downloadBlob(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), filename);
}
