/**
 * Scenario 9, stroke point to peer: is drawing as live as typing? In each room one synthetic typist types at human
 * speed and one synthetic drawer draws at the same time (a 60 Hz pointer, points pushed every 33 ms as the web app
 * does), both through real y-websocket providers, while the room's other clients (full Y.Docs) watch. Every peer
 * times every prompt version and every sketch point as Yjs applies it, so both kinds of edit cross the same
 * server, rooms and load at once. Figures, per grid point:
 * - `keystrokeToPeer`: arrival − keystroke;
 * - `strokePointToPeer`: arrival − the point's push (the message a stroke point travels in, as a keystroke's);
 * - `pointerToPeer`: arrival − the pointer event (adds the up to 33 ms the drawer gathers points for);
 * and, as in scenario 2, the bare `ws` relay's keystroke-to-peer for the same rooms and clients as the floor.
 */
import { sleep } from '../clock.js';
import { EventLoopLagSampler, type EventLoopLag } from '../EventLoopLagSampler.js';
import { RoomPeer } from '../RoomPeer.js';
import { summarizeOrNull, type Summary } from '../stats.js';
import { SyntheticDrawer } from '../SyntheticDrawer.js';
import { SyntheticTypist } from '../SyntheticTypist.js';
import { roomName, type BenchLog, type BenchTarget } from './benchTarget.js';

/** One grid point: `clientsPerRoom` counts the typist and the drawer. */
export interface StrokeConfig {
  rooms: number;
  clientsPerRoom: number;
  /** How long the typists type and the drawers draw, ms. */
  drawingMs: number;
}

/** One grid point's figures (ms). */
export interface StrokeResult extends StrokeConfig {
  keystrokeToPeer: Summary | null;
  strokePointToPeer: Summary | null;
  pointerToPeer: Summary | null;
  /** Points the drawers made, and point arrivals counted at peers. */
  points: number;
  pointSamples: number;
  /** Server event-loop lag while they drew (null against an external server). */
  serverLag: EventLoopLag | null;
  /** The load generator's own lag: when high, its timers fire late and every figure here is inflated by it. */
  harnessLag: EventLoopLag;
  /** Filled in by the caller from the bare relay in the same run. */
  bareKeystrokeToPeer: Summary | null;
}

/** After the pen lifts, how long to wait for the last updates to reach every peer. */
const SETTLE_MS = 1_000;

/** Runs one grid point against `target`; `tag` keeps room names unique. */
export async function runStrokeConfig(target: BenchTarget, config: StrokeConfig, tag: string, log: BenchLog): Promise<StrokeResult> {
  const roomIds = Array.from({ length: config.rooms }, (_, i) => roomName(`stroke-${tag}`, i));
  const typists = roomIds.map((roomId, i) => new SyntheticTypist({ url: target.url, roomId, seed: 2000 + i }));
  const drawers = roomIds.map((roomId, i) => new SyntheticDrawer({ url: target.url, roomId, seed: 3000 + i }));
  const peers = roomIds.flatMap((roomId, r) => Array.from({ length: Math.max(1, config.clientsPerRoom - 2) }, (_, i) => new RoomPeer(target.url, roomId, r * 1000 + i)));
  const harnessLag = new EventLoopLagSampler();
  try {
    await Promise.all([...typists.map((t) => t.synced()), ...drawers.map((d) => d.synced()), ...peers.map((p) => p.synced())]);
    await sleep(300);
    await target.process?.resetLag();
    harnessLag.start();
    typists.forEach((t) => t.start());
    drawers.forEach((d) => d.start());
    await sleep(config.drawingMs);
    typists.forEach((t) => t.stop());
    drawers.forEach((d) => d.stop());
    const serverLag = target.process ? (await target.process.sample()).lag : null;
    const clientLag = harnessLag.read();
    await sleep(SETTLE_MS);
    const keystroke: number[] = [];
    const pushed: number[] = [];
    const pointer: number[] = [];
    peers.forEach((peer) => {
      const r = roomIds.indexOf(peer.roomId);
      for (const [text, at] of typists[r]!.typedAt) {
        const arrived = peer.textArrivedAt.get(text);
        if (arrived !== undefined) keystroke.push(arrived - at);
      }
      const drawer = drawers[r]!;
      peer.pointArrivedAt.forEach((arrived, i) => {
        pushed.push(arrived - drawer.pushedAt[i]!);
        pointer.push(arrived - drawer.pointerAt[i]!);
      });
    });
    const result: StrokeResult = {
      ...config,
      keystrokeToPeer: summarizeOrNull(keystroke),
      strokePointToPeer: summarizeOrNull(pushed),
      pointerToPeer: summarizeOrNull(pointer),
      points: drawers.reduce((n, d) => n + d.pushedAt.length, 0),
      pointSamples: pushed.length,
      serverLag,
      harnessLag: clientLag,
      bareKeystrokeToPeer: null,
    };
    const fmt = (s: Summary | null) => (s ? `p50 ${s.p50.toFixed(2)} / p95 ${s.p95.toFixed(2)} ms` : 'n/a');
    log(`  ${config.rooms} room(s) x ${config.clientsPerRoom} client(s): stroke point ${fmt(result.strokePointToPeer)}, keystroke ${fmt(result.keystrokeToPeer)}, pointer-to-peer ${fmt(result.pointerToPeer)}; lag p99 server ${serverLag?.p99Ms.toFixed(1) ?? 'n/a'} ms, harness ${clientLag.p99Ms.toFixed(1)} ms`);
    return result;
  } finally {
    harnessLag.stop();
    typists.forEach((t) => t.destroy());
    drawers.forEach((d) => d.destroy());
    peers.forEach((p) => p.destroy());
  }
}
