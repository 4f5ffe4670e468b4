import { describe, expect, it } from 'vitest';
import { HeartbeatSweep, type HeartbeatPeer } from './HeartbeatSweep.js';

/** A peer that records how each sweep treated it. */
class RecordingPeer implements HeartbeatPeer {
  readonly judged: boolean[] = [];
  heartbeat(judge: boolean): void {
    this.judged.push(judge);
  }
}

describe('HeartbeatSweep', () => {
  it('judges punctual sweeps and spares everyone on a sweep that comes after an event-loop stall', async () => {
    let now = 0;
    const peers = [new RecordingPeer(), new RecordingPeer()];
    const sweep = new HeartbeatSweep(1_000, () => peers, () => now);
    now = 1_000;
    await sweep.sweep();
    // 1.6 periods since the previous sweep: the loop was stalled, answers may be unread.
    now = 2_600;
    await sweep.sweep();
    now = 3_600;
    await sweep.sweep();
    for (const peer of peers) expect(peer.judged).toEqual([true, false, true]);
    expect(sweep.lateSweeps).toBe(1);
  });

  it('judges after the poll phase, not inside the timer that fired', async () => {
    const peer = new RecordingPeer();
    const sweep = new HeartbeatSweep(1_000, () => [peer]);
    const done = sweep.sweep();
    expect(peer.judged).toEqual([]);
    await done;
    expect(peer.judged).toEqual([true]);
  });
});
