/**
 * The plots a run writes beside its JSON: keystroke overhead vs clients, fan-out vs clients (promptjam and bare
 * ws), memory vs idle clients and memory vs idle rooms, and batching off vs on (edit-to-start and frames per second
 * vs typing rooms). Each plot is skipped when its scenario has no figures.
 */
import type { BenchResults } from './resultsWriter.js';
import type { BatchingPoint } from './scenarios/batching.js';
import type { KeystrokeResult } from './scenarios/keystrokeToFrame.js';
import { renderLineChart, type PlotSeries } from './svgPlot.js';
import { idleShare } from './scenarios/engineUseProbe.js';

/** One SVG to write as `<mode>-<name>.svg`. */
export interface RenderedPlot {
  name: string;
  svg: string;
}

const MIB = 1024 * 1024;

function overheadSeries(runs: readonly KeystrokeResult[]): PlotSeries[] {
  const byRooms = new Map<number, KeystrokeResult[]>();
  for (const r of runs) if (r.figures.overhead && r.figures.overheadExcludingQueue) byRooms.set(r.rooms, [...(byRooms.get(r.rooms) ?? []), r]);
  return [...byRooms.entries()].flatMap(([rooms, rs]) => {
    const label = `${rooms} room${rooms > 1 ? 's' : ''}`;
    return [
      { name: `p95, ${label}`, points: rs.map((r) => [r.clientsPerRoom, r.figures.overhead!.p95] as const) },
      { name: `p95 excl. engine queue, ${label}`, points: rs.map((r) => [r.clientsPerRoom, r.figures.overheadExcludingQueue!.p95] as const) },
    ];
  });
}

/** Renders every plot the results have figures for. */
export async function renderPlots(results: BenchResults): Promise<RenderedPlot[]> {
  const plots: RenderedPlot[] = [];
  const k = results.scenarios.keystroke;
  if (k && k.realCost.some((r) => r.figures.overhead)) {
    plots.push({
      name: 'latency-vs-clients',
      svg: await renderLineChart({
        title: 'Keystroke-to-frame overhead (latency − genMs − debounce), tiny model',
        xLabel: 'clients per room',
        yLabel: 'overhead at every client (ms)',
        xLog: true,
        series: overheadSeries(k.realCost),
        references: [{ label: 'target: p95 <= 15 ms at 20 rooms x 50 clients', y: 15 }],
      }),
    });
  }
  const f = results.scenarios.fanout;
  if (f && f.points.length > 0) {
    plots.push({
      name: 'fanout-vs-clients',
      svg: await renderLineChart({
        title: `Fan-out of one ${Math.round((f.points.at(-1)?.frameBytes ?? 0) / 1024)} KB frame: last client's arrival`,
        xLabel: 'clients in the room',
        yLabel: 'ms (median of trials)',
        xLog: true,
        series: [
          { name: 'promptjam (est. from send)', points: f.points.map((p) => [p.clients, p.promptjamLastMs] as const) },
          { name: 'promptjam (from engine done, upper bound)', points: f.points.map((p) => [p.clients, p.promptjamFromEngineMs] as const) },
          { name: 'bare ws broadcast (from send)', points: f.points.map((p) => [p.clients, p.bareLastMs] as const) },
        ],
      }),
    });
  }
  const s = results.scenarios.scale;
  if (s) {
    plots.push({
      name: 'memory-vs-clients',
      svg: await renderLineChart({
        title: 'Server memory vs idle clients (after full GC)',
        xLabel: 'idle client connections',
        yLabel: 'MiB',
        series: [
          { name: 'promptjam heap + external', points: s.idleClients.points.map((p) => [p.count, (p.heapUsedBytes + p.externalBytes) / MIB] as const) },
          { name: 'promptjam RSS', points: s.idleClients.points.map((p) => [p.count, p.rssBytes / MIB] as const) },
          { name: 'bare ws heap + external', points: s.bareIdleClients.points.map((p) => [p.count, (p.heapUsedBytes + p.externalBytes) / MIB] as const) },
          { name: 'bare ws RSS', points: s.bareIdleClients.points.map((p) => [p.count, p.rssBytes / MIB] as const) },
        ],
      }),
    });
    plots.push({
      name: 'memory-vs-rooms',
      svg: await renderLineChart({
        title: 'Server memory vs idle loaded rooms (prompt + last frame, no clients)',
        xLabel: 'idle rooms',
        yLabel: 'MiB',
        series: [
          { name: 'heap + external', points: s.idleRooms.points.map((p) => [p.count, (p.heapUsedBytes + p.externalBytes) / MIB] as const) },
          { name: 'JS heap', points: s.idleRooms.points.map((p) => [p.count, p.heapUsedBytes / MIB] as const) },
          { name: 'RSS', points: s.idleRooms.points.map((p) => [p.count, p.rssBytes / MIB] as const) },
        ],
      }),
    });
  }
  const b = results.scenarios.batching;
  if (b && b.points.length > 0) {
    const variants = [...new Set(b.points.map((p) => p.variant))];
    const series = (read: (p: BatchingPoint) => number | undefined, suffix: string): PlotSeries[] =>
      variants.map((variant) => ({
        name: `${variant}${suffix}`,
        points: b.points.filter((p) => p.variant === variant && p.clientsPerRoom === 1 && read(p) !== undefined).map((p) => [p.rooms, read(p)!] as const),
      }));
    plots.push({
      name: 'batching-edit-to-start',
      svg: await renderLineChart({
        title: `Edit-to-start p95 vs typing rooms (${b.model})`,
        xLabel: 'typing rooms',
        yLabel: 'edit-to-start p95 (ms)',
        series: series((p) => p.editToStartMs?.p95, ''),
      }),
    });
    plots.push({
      name: 'batching-engine-idle',
      svg: await renderLineChart({
        title: `Engine idle while a batch was ready, share of engine time (${b.model})`,
        xLabel: 'typing rooms',
        yLabel: 'engine idle (%)',
        series: series((p) => {
          const share = idleShare(p.engineUse);
          return share === null ? undefined : share * 100;
        }, ''),
      }),
    });
    plots.push({
      name: 'batching-throughput',
      svg: await renderLineChart({
        title: `Frames per second summed over typing rooms (${b.model})`,
        xLabel: 'typing rooms',
        yLabel: 'frames/s',
        series: series((p) => p.framesPerSecond, ''),
      }),
    });
  }
  return plots;
}
