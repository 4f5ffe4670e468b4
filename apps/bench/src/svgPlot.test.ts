import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { escapeXml, formatTick, niceTicks, PlotError, renderLineChart } from './svgPlot.js';

describe('niceTicks', () => {
  it('chooses round steps covering the range', () => {
    expect(niceTicks(0, 100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 7, 5)).toEqual([0, 2, 4, 6]);
    expect(niceTicks(0, 0.3, 3)).toEqual([0, 0.1, 0.2, 0.3]);
  });
});

describe('formatTick', () => {
  it('shortens thousands and millions', () => {
    expect(formatTick(1500)).toBe('1500');
    expect(formatTick(15000)).toBe('15k');
    expect(formatTick(2_500_000)).toBe('2.5M');
    expect(formatTick(0.25)).toBe('0.25');
  });
});

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

  it('draws one polyline per series, escaped text and the reference line', () => {
    const svg = renderLineChart(spec);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg.match(/<circle/g)).toHaveLength(6);
    expect(svg).toContain('latency &lt;vs&gt; clients');
    expect(svg).toContain('stroke-dasharray');
    expect(svg).toContain('target 15 ms');
  });

  it('renders to a non-blank PNG with sharp', async () => {
    const png = await sharp(Buffer.from(renderLineChart(spec))).png().toBuffer();
    const stats = await sharp(png).stats();
    expect((await sharp(png).metadata()).width).toBe(720);
    // A white page with dark axes and coloured lines: some channel must vary.
    expect(stats.channels.some((c) => c.stdev > 5)).toBe(true);
  });

  it('refuses empty series, non-finite points and x <= 0 on a log axis', () => {
    expect(() => renderLineChart({ ...spec, series: [] })).toThrow(PlotError);
    expect(() => renderLineChart({ ...spec, series: [{ name: 'a', points: [[1, Number.NaN]] }] })).toThrow(/finite/);
    expect(() => renderLineChart({ ...spec, series: [{ name: 'a', points: [[0, 1]] }] })).toThrow(/x > 0/);
  });

  it('escapes markup in labels', () => {
    expect(escapeXml('a & "b"')).toBe('a &amp; &quot;b&quot;');
  });
});
