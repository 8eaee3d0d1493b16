import { expect, test } from '@playwright/test';

test('the app loads, is titled Tessera and is cross-origin isolated', async ({ page }) => {
	await page.goto('/');
	await expect(page).toHaveTitle('Tessera');
	expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
});
