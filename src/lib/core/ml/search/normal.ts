/** Standard normal density, distribution function and a seeded draw, for TPE and GP. */

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

export function normalPdf(z: number): number {
	return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
}

/** Φ(z) via erfc (W. J. Cody's rational Chebyshev fit as in Numerical Recipes' erfcc, |error| < 1.2e-7). */
export function normalCdf(z: number): number {
	const x = Math.abs(z) / Math.SQRT2;
	const t = 1 / (1 + 0.5 * x);
	const erfc =
		t *
		Math.exp(
			-x * x -
				1.26551223 +
				t *
					(1.00002368 +
						t *
							(0.37409196 +
								t *
									(0.09678418 +
										t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
		);
	return z >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}

/** One standard normal draw (Box–Muller). */
export function normalDraw(random: () => number): number {
	const u = 1 - random();
	return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
