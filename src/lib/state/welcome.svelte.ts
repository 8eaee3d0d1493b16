/** localStorage key of the first-visit welcome: set once it is dismissed or a choice is made. */
export const WELCOME_KEY = 'tessera.welcome.dismissed';

function dismissedBefore(): boolean {
	try {
		return localStorage.getItem(WELCOME_KEY) === '1';
	} catch {
		// No storage (a locked-down browser): show the welcome; dismissing it hides it for this page.
		return false;
	}
}

/** Whether the first-visit welcome shows: until it is dismissed once, then never again in this browser. */
export class WelcomeState {
	shown = $state(!dismissedBefore());

	dismiss(): void {
		this.shown = false;
		try {
			localStorage.setItem(WELCOME_KEY, '1');
		} catch {
			// Not kept: it shows again on the next visit, which is the lesser harm.
		}
	}
}
