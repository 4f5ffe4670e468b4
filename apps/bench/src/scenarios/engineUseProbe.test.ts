import { describe, expect, it } from 'vitest';
import { engineUseBetween, idleShare, parseEngineUse } from './engineUseProbe.js';

const METRICS = `# HELP promptjam_engine_busy_seconds_total Engine time in batches' model work
# TYPE promptjam_engine_busy_seconds_total counter
promptjam_engine_busy_seconds_total 1.5
promptjam_engine_idle_waiting_seconds_total 0.25
`;

describe('engine use from /metrics', () => {
  it('reads both counters in ms, and the idle share between two readings', () => {
    const after = parseEngineUse(METRICS);
    expect(after).toEqual({ busyMs: 1500, idleWaitingMs: 250 });
    const between = engineUseBetween({ busyMs: 500, idleWaitingMs: 50 }, after);
    expect(between).toEqual({ busyMs: 1000, idleWaitingMs: 200 });
    expect(idleShare(between)).toBeCloseTo(200 / 1200, 6);
  });

  it('says null for a server without the counters, or a run without engine time', () => {
    expect(parseEngineUse('promptjam_engine_busy_seconds_total 1\n')).toBeNull();
    expect(idleShare(null)).toBeNull();
    expect(idleShare({ busyMs: 0, idleWaitingMs: 0 })).toBeNull();
  });
});
