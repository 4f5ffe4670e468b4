import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { lineChartSpec, PlotError, renderLineChart } from './svgPlot.js';

describe('renderLineChart', () => {
  const spec = {
    title: 'latency <vs> clients',
    xLabel: 'clients',
    yLabel: 'ms',
    xLog: true,
    series: [
      { name: 'p50', points: [[1, 2], [10, 3], [100, 5]] as [number, number][] },
      { name: 'p95', points: [[1, 4], [10, 6], [100, 12]] as [number, number][] },
    ],
    references: [{ label: 'target 15 ms', y: 15 }],
  };

  it('draws one line per series with its points, escaped text and the dashed reference line', async () => {
    const svg = await renderLineChart(spec);
    expect(svg.match(/aria-roledescription="line mark"/g)).toHaveLength(2);
    expect(svg.match(/aria-roledescription="point"/g)).toHaveLength(6);
    expect(svg).toContain('latency &lt;vs&gt; clients');
    expect(svg).toContain('stroke-dasharray="6,4"');
    expect(svg).toContain('target 15 ms');
    expect(svg).toMatch(/^<svg [^>]*width="720" height="\d+"/);
  });

  it('uses a log x axis when asked and keeps the series in the given order', () => {
    const built = JSON.stringify(lineChartSpec(spec));
    expect(built).toContain('"scale":{"type":"log","nice":false}');
    expect(built).toContain('"domain":["p50","p95"]');
    expect(JSON.stringify(lineChartSpec({ ...spec, xLog: false }))).not.toContain('"type":"log"');
  });

  it('renders to a non-blank PNG with sharp', async () => {
    const png = await sharp(Buffer.from(await renderLineChart(spec))).png().toBuffer();
    const stats = await sharp(png).stats();
    expect((await sharp(png).metadata()).width).toBe(720);
    // A white page with dark axes and coloured lines: some channel must vary.
    expect(stats.channels.some((c) => c.stdev > 5)).toBe(true);
  });

  it('refuses empty series, non-finite points and x <= 0 on a log axis', async () => {
    await expect(renderLineChart({ ...spec, series: [] })).rejects.toThrow(PlotError);
    await expect(renderLineChart({ ...spec, series: [{ name: 'a', points: [[1, Number.NaN]] }] })).rejects.toThrow(/finite/);
    await expect(renderLineChart({ ...spec, series: [{ name: 'a', points: [[0, 1]] }] })).rejects.toThrow(/x > 0/);
  });
});
