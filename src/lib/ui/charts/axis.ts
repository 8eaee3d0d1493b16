import { axisBottom, axisLeft } from 'd3-axis';
import type { AxisDomain, AxisScale } from 'd3-axis';
import { select } from 'd3-selection';

export interface AxisOptions<D extends AxisDomain> {
	scale: AxisScale<D>;
	side: 'bottom' | 'left';
	ticks?: number;
	format?: (d: D) => string;
}

/** A Svelte action that draws a d3 axis into a <g> and redraws when the options change. */
export function axis<D extends AxisDomain>(node: SVGGElement, options: AxisOptions<D>) {
	function draw(o: AxisOptions<D>) {
		const a = o.side === 'bottom' ? axisBottom(o.scale) : axisLeft(o.scale);
		a.ticks(o.ticks ?? 5);
		if (o.format) a.tickFormat((d) => o.format!(d as D));
		a.tickSizeOuter(0);
		select(node).call(a);
	}
	draw(options);
	return { update: draw };
}
