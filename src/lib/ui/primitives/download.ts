/** Save text as a file through a temporary link. */
export function downloadText(text: string, filename: string, type = 'application/json'): void {
	const url = URL.createObjectURL(new Blob([text], { type }));
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	document.body.appendChild(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Save bytes as a file through a temporary link. */
export function downloadBytes(bytes: Uint8Array, filename: string, type = 'application/octet-stream'): void {
	const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	document.body.appendChild(a);
	a.click();
	a.remove();
	// Revoked later, not at once: the browser reads the object URL after the click returns.
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Save a Blob (a large archive built in parts) as a file through a temporary link. */
export function downloadBlob(blob: Blob, filename: string): void {
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	document.body.appendChild(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
