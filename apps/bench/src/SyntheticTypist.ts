/**
 * A synthetic person typing a prompt at human speed through a real y-websocket `WebsocketProvider` (the same
 * client code a browser runs), with `ws` as its WebSocket. It logs when each version of the prompt was typed,
 * so a frame's `prompt` can be traced back to the keystroke that produced it, and records the frames it gets.
 */
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { PARAMS_MAP_NAME, PROMPT_TEXT_NAME } from '@promptjam/protocol';
import { epochNowMs, waitUntil } from './clock.js';
import { readFrameArrival, type FrameArrival } from './FrameLog.js';
import { closeRoomProvider, openRoomProvider } from './roomProvider.js';

/** Mean gap between keystrokes: about 5.5 characters per second, a brisk typist (~65 words per minute). */
export const HUMAN_KEYSTROKE_MEAN_MS = 180;
/** Keystroke gaps are drawn uniformly from mean ± this. */
export const HUMAN_KEYSTROKE_JITTER_MS = 90;
/** The prompt is cleared and restarted past this length, like someone rewriting it. */
const MAX_PROMPT_CHARS = 160;

const PHRASES = [
  'a lighthouse on a cliff at dusk, oil painting',
  'a red fox in fresh snow, soft morning light',
  'isometric city block made of candy, 3d render',
  'portrait of an astronaut cat, studio lighting',
  'misty pine forest with a glowing cabin window',
];

/** A deterministic pseudo-random source (mulberry32) so runs type the same text with the same rhythm. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Where a typist types and its rhythm (defaults: human speed). */
export interface SyntheticTypistOptions {
  /** Base URL, e.g. `ws://127.0.0.1:41234`. */
  url: string;
  roomId: string;
  /** Seeds the text and rhythm. */
  seed: number;
  meanGapMs?: number;
  jitterMs?: number;
}

/** One typist; see the module comment. */
export class SyntheticTypist {
  /** Prompt text -> client epoch ms when that exact text was typed. Texts never repeat (each round is numbered). */
  readonly typedAt = new Map<string, number>();
  readonly frames: FrameArrival[] = [];
  keystrokes = 0;
  /** The raw bytes of the latest frame message, to replay through the bare baseline. */
  lastFrameBytes: Uint8Array | null = null;
  private readonly doc = new Y.Doc();
  private readonly provider: WebsocketProvider;
  private readonly random: () => number;
  private timer: NodeJS.Timeout | null = null;
  private round = 0;
  private target = '';

  constructor(private readonly options: SyntheticTypistOptions) {
    this.random = seededRandom(options.seed);
    this.provider = openRoomProvider(options.url, options.roomId, this.doc, `typist-${options.seed}`, (decoder) => {
      const arrivalEpochMs = epochNowMs();
      const frame = readFrameArrival(decoder, decoder.arr.byteLength, arrivalEpochMs);
      if (frame) this.frames.push(frame);
      this.lastFrameBytes = decoder.arr;
    });
  }

  /** The room's prompt as this client sees it. */
  get text(): Y.Text {
    return this.doc.getText(PROMPT_TEXT_NAME);
  }

  /** Resolves once the provider has synced with the server. */
  async synced(timeoutMs = 30_000): Promise<void> {
    await waitUntil(() => this.provider.synced, timeoutMs, `typist in ${this.options.roomId} to sync`);
  }

  private nextGapMs(): number {
    const mean = this.options.meanGapMs ?? HUMAN_KEYSTROKE_MEAN_MS;
    const jitter = this.options.jitterMs ?? HUMAN_KEYSTROKE_JITTER_MS;
    return Math.max(1, mean - jitter + this.random() * 2 * jitter);
  }

  /** Types one keystroke: the next character of the phrase, or starts a new numbered round. */
  private keystroke(): void {
    const text = this.text;
    const current = text.toString();
    if (current.length >= MAX_PROMPT_CHARS || !this.target.startsWith(current) || current === this.target) {
      this.round += 1;
      const phrase = PHRASES[Math.floor(this.random() * PHRASES.length)]!;
      this.target = `${this.options.roomId} take ${this.round}: ${phrase}`;
      this.doc.transact(() => {
        text.delete(0, text.length);
        text.insert(0, this.target.slice(0, 1));
      });
    } else {
      text.insert(current.length, this.target.charAt(current.length));
    }
    this.keystrokes += 1;
    this.typedAt.set(text.toString(), epochNowMs());
  }

  /**
   * Replaces the whole prompt in one edit (a paste), logging it like a keystroke. Used where one new frame
   * is wanted on demand (fan-out trials) rather than a typing rhythm.
   */
  setPrompt(prompt: string): void {
    const text = this.text;
    this.doc.transact(() => {
      text.delete(0, text.length);
      text.insert(0, prompt);
    });
    this.keystrokes += 1;
    this.typedAt.set(prompt, epochNowMs());
  }

  /** Sets generation params (`width`, `height`, `steps`, `seed`, …) in the room's params map. */
  setParams(params: Record<string, number>): void {
    const map = this.doc.getMap<number>(PARAMS_MAP_NAME);
    this.doc.transact(() => {
      for (const [key, value] of Object.entries(params)) map.set(key, value);
    });
  }

  /** Starts typing until {@link stop}. */
  start(): void {
    const tick = (): void => {
      this.keystroke();
      this.timer = setTimeout(tick, this.nextGapMs());
    };
    this.timer = setTimeout(tick, this.nextGapMs());
  }

  /** Stops typing (the connection stays open so late frames still arrive). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Stops and disconnects. */
  destroy(): void {
    this.stop();
    closeRoomProvider(this.provider);
    this.doc.destroy();
  }
}
