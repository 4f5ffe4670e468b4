/**
 * The keystroke scenario's baseline: the same rooms and clients against the bare `ws` relay, where one sender
 * per room sends a keystroke-sized message at the same human rhythm and every peer records its arrival.
 * No Yjs, no rendering: the floor any server on this machine and this load generator can reach.
 */
import WebSocket from 'ws';
import { epochNowMs, sleep } from '../clock.js';
import { summarizeOrNull, type Summary } from '../stats.js';
import { HUMAN_KEYSTROKE_JITTER_MS, HUMAN_KEYSTROKE_MEAN_MS, seededRandom } from '../SyntheticTypist.js';
import { roomName } from './benchTarget.js';

/** Bytes of a typical one-character Yjs update message; the relayed message is padded to this size. */
const KEYSTROKE_MESSAGE_BYTES = 32;

async function open(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return ws;
}

/** Keystroke-to-peer latency (ms) through the bare relay at `url`, for `rooms` x `clientsPerRoom`. */
export async function measureBareRelay(url: string, rooms: number, clientsPerRoom: number, typingMs: number, tag: string): Promise<Summary | null> {
  const sockets: WebSocket[] = [];
  const latencies: number[] = [];
  const timers: NodeJS.Timeout[] = [];
  try {
    const senders: WebSocket[] = [];
    for (let r = 0; r < rooms; r += 1) {
      const path = `${url}/rooms/${roomName(`relay-${tag}`, r)}`;
      const sender = await open(path);
      senders.push(sender);
      sockets.push(sender);
      for (let c = 1; c < clientsPerRoom; c += 1) {
        const peer = await open(path);
        peer.on('message', (data: Buffer) => {
          const arrival = epochNowMs();
          latencies.push(arrival - data.readDoubleLE(0));
        });
        sockets.push(peer);
      }
    }
    senders.forEach((sender, i) => {
      const random = seededRandom(1000 + i);
      const tick = (): void => {
        const message = Buffer.alloc(KEYSTROKE_MESSAGE_BYTES);
        message.writeDoubleLE(epochNowMs(), 0);
        sender.send(message);
        timers.push(setTimeout(tick, HUMAN_KEYSTROKE_MEAN_MS - HUMAN_KEYSTROKE_JITTER_MS + random() * 2 * HUMAN_KEYSTROKE_JITTER_MS));
      };
      timers.push(setTimeout(tick, random() * HUMAN_KEYSTROKE_MEAN_MS));
    });
    await sleep(typingMs);
    timers.forEach((t) => clearTimeout(t));
    await sleep(200);
    return summarizeOrNull(latencies);
  } finally {
    timers.forEach((t) => clearTimeout(t));
    sockets.forEach((ws) => ws.terminate());
  }
}
