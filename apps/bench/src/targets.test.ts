import { describe, expect, it } from 'vitest';
import { evaluateTargets, TARGETS, verdict } from './targets.js';

describe('evaluateTargets', () => {
  it('passes upper bounds at or below the limit and lower bounds at or above it', () => {
    const checks = evaluateTargets({
      engineOverheadMs: { value: 6, note: '' },
      fanoutRatio: { value: 1.21, note: '' },
      tokenizerPromptsPerSecond: { value: 19_999, note: '' },
      idleRoomKB: { value: 12, note: '' },
    });
    const byId = Object.fromEntries(checks.map((c) => [c.id, c]));
    expect(byId.engineOverheadMs?.pass).toBe(true);
    expect(byId.fanoutRatio?.pass).toBe(false);
    expect(byId.tokenizerPromptsPerSecond?.pass).toBe(false);
    expect(byId.idleRoomKB?.pass).toBe(true);
  });

  it('reports a target that was not measured as n/a, never as a pass', () => {
    const checks = evaluateTargets({ eventLoopLagP99Ms: { value: Number.NaN, note: 'broken' } });
    expect(checks).toHaveLength(TARGETS.length);
    const lag = checks.find((c) => c.id === 'eventLoopLagP99Ms')!;
    expect(lag.pass).toBeNull();
    expect(verdict(lag)).toBe('n/a');
    expect(verdict(checks.find((c) => c.id === 'idleClientKB')!)).toBe('n/a');
  });

  it('keeps the issues\' limits', () => {
    const limits = Object.fromEntries(TARGETS.map((t) => [t.id, t.limit]));
    expect(limits).toEqual({
      engineOverheadMs: 6,
      keystrokeOverheadP95Ms: 15,
      keystrokeOverheadExcludingEngineP95Ms: 15,
      fanoutRatio: 1.2,
      eventLoopLagP99Ms: 20,
      idleClientKB: 100,
      idleRoomKB: 300,
      tokenizerPromptsPerSecond: 20_000,
      wordListCheckMs: 1,
      timelapseWebpExportMs: 5_000,
      timelapseGifExportMs: 5_000,
      batchedEditToStartRatio: 0.5,
      deliveryP95Ms: 15,
      sketchRasterMs: 5,
      strokeVsKeystrokeP95Ratio: 1.2,
      clusterOverheadRatio: 1.5,
      clusterFramesRenderedTwice: 0,
    });
  });
});
