/**
 * A small SVG line-chart writer for the benchmark plots (latency vs clients, memory vs rooms): axes with
 * ticks and labels, one polyline per series with point markers, a legend, and optional dashed target lines.
 * Hand-written rather than a plotting dependency: the plots are simple and must render in any browser and on GitHub.
 */

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
  /** Pixel size; defaults to 720 x 420. */
  width?: number;
  height?: number;
}

/** Thrown for a chart that cannot be drawn (no points, non-finite values, x <= 0 on a log axis). */
export class PlotError extends Error {
  override name = 'PlotError';
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
const MARGIN = { top: 48, right: 36, bottom: 56, left: 72 } as const;
const FONT = 'font-family="Helvetica, Arial, sans-serif"';

/** Escapes text for SVG content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** About `count` round tick values covering [min, max] (steps of 1, 2 or 5 times a power of ten). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (max <= min) return [min];
  const rough = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Formats a tick label compactly: 1500 -> 1.5k, 0.25 -> 0.25. */
export function formatTick(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${Number((value / 1e6).toPrecision(3))}M`;
  if (abs >= 1e4) return `${Number((value / 1e3).toPrecision(3))}k`;
  return String(Number(value.toPrecision(3)));
}

function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e += 1) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= min * 0.999 && v <= max * 1.001) ticks.push(v);
    }
  }
  return ticks;
}

function validate(spec: LineChartSpec): void {
  const points = spec.series.flatMap((s) => s.points);
  if (points.length === 0) throw new PlotError(`chart '${spec.title}': expected at least one point, found none`);
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new PlotError(`chart '${spec.title}': expected finite points, found [${x}, ${y}]`);
    if (spec.xLog && x <= 0) throw new PlotError(`chart '${spec.title}': log x axis needs x > 0, found ${x}`);
  }
}

/** Renders the chart as a standalone SVG document. */
export function renderLineChart(spec: LineChartSpec): string {
  validate(spec);
  const width = spec.width ?? 720;
  const height = spec.height ?? 420;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const points = spec.series.flatMap((s) => s.points);
  const xs = points.map(([x]) => x);
  const ys = [...points.map(([, y]) => y), ...(spec.references ?? []).map((r) => r.y)];
  let xMin = Math.min(...xs);
  let xMax = Math.max(...xs);
  if (xMin === xMax) {
    xMin = spec.xLog ? xMin / 2 : xMin - 1;
    xMax = spec.xLog ? xMax * 2 : xMax + 1;
  }
  const yMin = Math.min(0, ...ys);
  const yTicks = niceTicks(yMin, Math.max(...ys) * 1.05 || 1);
  const yMax = Math.max(yTicks[yTicks.length - 1] ?? 1, Math.max(...ys));
  const toX = spec.xLog
    ? (x: number) => MARGIN.left + ((Math.log10(x) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin))) * plotW
    : (x: number) => MARGIN.left + ((x - xMin) / (xMax - xMin)) * plotW;
  const toY = (y: number) => MARGIN.top + plotH - ((y - yMin) / (yMax - yMin || 1)) * plotH;
  const xTicks = spec.xLog ? logTicks(xMin, xMax) : niceTicks(xMin, xMax);
  const f = (n: number) => n.toFixed(1);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="26" text-anchor="middle" font-size="16" font-weight="bold" ${FONT}>${escapeXml(spec.title)}</text>`,
  ];
  for (const t of yTicks) {
    out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${f(toY(t))}" y2="${f(toY(t))}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${MARGIN.left - 8}" y="${f(toY(t) + 4)}" text-anchor="end" font-size="12" ${FONT}>${formatTick(t)}</text>`);
  }
  for (const t of xTicks) {
    out.push(`<line x1="${f(toX(t))}" x2="${f(toX(t))}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 5}" stroke="#333"/>`);
    out.push(`<text x="${f(toX(t))}" y="${MARGIN.top + plotH + 20}" text-anchor="middle" font-size="12" ${FONT}>${formatTick(t)}</text>`);
  }
  out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}" stroke="#333"/>`);
  out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#333"/>`);
  out.push(`<text x="${MARGIN.left + plotW / 2}" y="${height - 14}" text-anchor="middle" font-size="13" ${FONT}>${escapeXml(spec.xLabel)}</text>`);
  out.push(`<text transform="translate(18 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="13" ${FONT}>${escapeXml(spec.yLabel)}</text>`);
  for (const ref of spec.references ?? []) {
    const y = f(toY(ref.y));
    out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y}" y2="${y}" stroke="#555" stroke-dasharray="6 4"/>`);
    out.push(`<text x="${MARGIN.left + plotW - 4}" y="${Number(y) - 5}" text-anchor="end" font-size="11" fill="#555" ${FONT}>${escapeXml(ref.label)}</text>`);
  }
  spec.series.forEach((series, i) => {
    const colour = PALETTE[i % PALETTE.length]!;
    const sorted = [...series.points].sort((a, b) => a[0] - b[0]);
    const path = sorted.map(([x, y]) => `${f(toX(x))},${f(toY(y))}`).join(' ');
    out.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${path}"/>`);
    for (const [x, y] of sorted) out.push(`<circle cx="${f(toX(x))}" cy="${f(toY(y))}" r="3" fill="${colour}"/>`);
    const ly = MARGIN.top + 8 + i * 18;
    out.push(`<rect x="${MARGIN.left + 12}" y="${ly - 9}" width="14" height="4" fill="${colour}"/>`);
    out.push(`<text x="${MARGIN.left + 32}" y="${ly - 3}" font-size="12" ${FONT}>${escapeXml(series.name)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
