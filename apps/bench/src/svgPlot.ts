/**
 * The benchmark plots (latency vs clients, memory vs rooms) as line charts: a Vega-Lite spec (one line with point
 * markers per series, a legend, optional dashed target lines) compiled by vega-lite and rendered to a standalone
 * SVG by vega in Node, with no browser or canvas. Plain SVG renders in any browser and on GitHub.
 */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** One line on the chart; points are [x, y] in data units. */
export interface PlotSeries {
  name: string;
  points: ReadonlyArray<readonly [number, number]>;
}

/** A horizontal reference line, e.g. a target such as "p95 <= 15 ms". */
export interface PlotReferenceLine {
  label: string;
  y: number;
}

/** Everything a chart needs. */
export interface LineChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly PlotSeries[];
  /** Log-scale x axis (base 10), for client counts from 1 to 1,000. */
  xLog?: boolean;
  references?: readonly PlotReferenceLine[];
  /** Pixel width of the whole SVG; defaults to 720. */
  width?: number;
  /** Pixel height of the plotting area (title, axes and legend come on top); defaults to 300. */
  height?: number;
}

/** Thrown for a chart that cannot be drawn (no points, non-finite values, x <= 0 on a log axis). */
export class PlotError extends Error {
  override name = 'PlotError';
}

/** Series colours, in series order (Vega's category10). */
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
const FONT = 'Helvetica, Arial, sans-serif';

function validate(spec: LineChartSpec): void {
  const points = spec.series.flatMap((s) => s.points);
  if (points.length === 0) throw new PlotError(`chart '${spec.title}': expected at least one point, found none`);
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new PlotError(`chart '${spec.title}': expected finite points, found [${x}, ${y}]`);
    if (spec.xLog && x <= 0) throw new PlotError(`chart '${spec.title}': log x axis needs x > 0, found ${x}`);
  }
}

/** The chart as a Vega-Lite spec (data inline), checked first; throws {@link PlotError}. */
export function lineChartSpec(spec: LineChartSpec): TopLevelSpec {
  validate(spec);
  const names = spec.series.map((s) => s.name);
  const rows = spec.series.flatMap((s) => s.points.map(([x, y]) => ({ series: s.name, x, y })));
  const references = (spec.references ?? []).map((r) => ({ label: r.label, y: r.y }));
  const x = { field: 'x', type: 'quantitative', title: spec.xLabel, scale: spec.xLog ? { type: 'log', nice: false } : { zero: false } } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: spec.width ?? 720,
    height: spec.height ?? 300,
    // The width is the whole SVG's; the height grows with the legend, which lists every series.
    autosize: { type: 'fit-x', contains: 'padding' },
    background: '#ffffff',
    padding: 12,
    title: { text: spec.title, fontSize: 16, font: FONT },
    config: { font: FONT, axis: { labelFontSize: 12, titleFontSize: 13, gridColor: '#e5e5e5' }, legend: { labelFontSize: 12 } },
    layer: [
      {
        data: { values: rows },
        mark: { type: 'line', point: { size: 30, filled: true }, strokeWidth: 2 },
        encoding: {
          x,
          y: { field: 'y', type: 'quantitative', title: spec.yLabel },
          color: {
            field: 'series',
            type: 'nominal',
            sort: names,
            scale: { domain: names, range: PALETTE.slice(0, Math.max(1, names.length)) },
            legend: { title: null, orient: 'bottom', direction: 'vertical', columns: 2, labelLimit: 0 },
          },
        },
      },
      ...(references.length === 0
        ? []
        : [
            {
              data: { values: references },
              mark: { type: 'rule', strokeDash: [6, 4], color: '#555' },
              encoding: { y: { field: 'y', type: 'quantitative' } },
            } as const,
            {
              data: { values: references },
              mark: { type: 'text', align: 'right', baseline: 'bottom', dx: -4, dy: -4, fontSize: 11, color: '#555' },
              encoding: { y: { field: 'y', type: 'quantitative' }, x: { value: { expr: 'width' } }, text: { field: 'label' } },
            } as const,
          ]),
    ],
  } as TopLevelSpec;
}

/** Renders the chart as a standalone SVG document; throws {@link PlotError} for data it cannot draw. */
export async function renderLineChart(spec: LineChartSpec): Promise<string> {
  const view = new View(parse(compile(lineChartSpec(spec)).spec), { renderer: 'none' });
  try {
    return `${await view.toSVG()}\n`;
  } finally {
    view.finalize();
  }
}
