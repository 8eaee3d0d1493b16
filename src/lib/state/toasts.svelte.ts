export type MessageTone = 'info' | 'success' | 'warning' | 'error';

export interface StatusMessage {
	readonly id: number;
	readonly text: string;
	readonly tone: MessageTone;
}

/** The studio's status line: the latest thing worth telling, with its tone. */
export class MessagesState {
	current = $state.raw<StatusMessage | null>(null);
	private seq = 0;
	private timer: ReturnType<typeof setTimeout> | null = null;

	say(text: string, tone: MessageTone = 'info', ms = tone === 'error' ? 12_000 : 6_000): void {
		this.current = { id: ++this.seq, text, tone };
		if (this.timer) clearTimeout(this.timer);
		const id = this.seq;
		this.timer = setTimeout(() => {
			if (this.current?.id === id) this.current = null;
		}, ms);
	}

	clear(): void {
		this.current = null;
	}
}
