/**
 * Scenario 10, the jam as a timelapse (issue 16): a 10-minute jam with a refined frame every second, i.e. 600
 * frames, kept by the server's real `TimelapseRecorder` in a real embedded store (thumbnails made by sharp, as in
 * a room), then exported by the real `TimelapseExporter` as animated WebP and GIF, timed from the request to the
 * finished bytes (reading 600 thumbnails from LevelDB, decoding, encoding). The target is the issue's: under 5 s
 * each. Frames are synthetic 512x512 JPEGs shaped like a model's (smooth light, fine grain, a subject that moves
 * every second), so every one is a new picture, as in a real jam.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PARAMS, type FrameMetadata } from '@promptjam/protocol';
import { createLogger, RoomStore, TimelapseExporter, TimelapseRecorder } from '@promptjam/server';
import sharp from 'sharp';
import { summarize, type Summary } from '../stats.js';
import type { BenchLog } from './benchTarget.js';

/** Frames of the jam: 10 minutes at one refined frame a second. */
export const TIMELAPSE_JAM_FRAMES = 600;
/** The model frames' size, px (SDXL Turbo's native 512). */
const FRAME_PX = 512;
/** The server's default thumbnail size, px. */
const THUMBNAIL_PX = 256;

/** Export times in ms, per format, and what was exported. */
export interface TimelapseResult {
  frames: number;
  thumbnailPx: number;
  /** Thumbnail bytes kept for the whole jam. */
  historyBytes: number;
  /** Time to keep all frames (thumbnails made and stored one room's way, one after the other), ms. */
  recordMs: number;
  webpMs: Summary;
  gifMs: Summary;
  webpBytes: number;
  gifBytes: number;
  /** 1-minute load average when the exports started. */
  loadAverage1m: number;
}

/** One frame of a made-up jam: a lit backdrop with grain, and a subject that moves with `second`. */
async function jamFrame(second: number, backdrop: Buffer): Promise<Uint8Array> {
  const x = Math.round(((second * 37) % (FRAME_PX - 160)) + 20);
  const y = Math.round(((second * 23) % (FRAME_PX - 160)) + 20);
  const hue = (second * 7) % 360;
  const subject = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${FRAME_PX}" height="${FRAME_PX}"><circle cx="${x + 60}" cy="${y + 60}" r="${50 + (second % 40)}" fill="hsl(${hue},70%,55%)"/></svg>`);
  const jpeg = await sharp(backdrop, { raw: { width: FRAME_PX, height: FRAME_PX, channels: 3 } })
    .composite([{ input: subject }])
    .jpeg({ quality: 85 })
    .toBuffer();
  return new Uint8Array(jpeg);
}

async function backdrop(): Promise<Buffer> {
  const light = `<svg xmlns="http://www.w3.org/2000/svg" width="${FRAME_PX}" height="${FRAME_PX}"><defs><radialGradient id="g"><stop offset="0" stop-color="#f4c27a"/><stop offset="1" stop-color="#1d2a44"/></radialGradient></defs><rect width="${FRAME_PX}" height="${FRAME_PX}" fill="url(#g)"/></svg>`;
  const grain = await sharp({ create: { width: FRAME_PX, height: FRAME_PX, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 10 } } }).png().toBuffer();
  return sharp(Buffer.from(light)).composite([{ input: grain, blend: 'soft-light' }]).removeAlpha().raw().toBuffer();
}

/** Builds the jam's history in a temporary store, then exports it `trials` times per format. */
export async function runTimelapseScenario(trials: number, log: BenchLog, loadAverage: () => number): Promise<TimelapseResult> {
  const dir = await mkdtemp(join(tmpdir(), 'promptjam-bench-timelapse-'));
  const store = await RoomStore.open(dir);
  try {
    const recorder = new TimelapseRecorder({
      storage: store,
      limits: { maxFrames: TIMELAPSE_JAM_FRAMES, maxBytes: 256 * 1024 * 1024 },
      thumbnailPx: THUMBNAIL_PX,
      logger: createLogger('silent'),
      onError: () => {
        throw new Error('the bench jam failed to keep a frame');
      },
    });
    const base = await backdrop();
    const startedAt = Date.now() - TIMELAPSE_JAM_FRAMES * 1000;
    let recordMs = 0;
    for (let second = 0; second < TIMELAPSE_JAM_FRAMES; second++) {
      const image = await jamFrame(second, base);
      const metadata: FrameMetadata = {
        seq: second + 1, prompt: `a lantern drifting over a lake, take ${second}`, params: { ...DEFAULT_PARAMS }, quality: 'refined', mime: 'image/jpeg',
        width: FRAME_PX, height: FRAME_PX, model: 'bench', demo: true, genMs: 0, startedAt: startedAt + second * 1000,
      };
      const started = performance.now();
      recorder.record('jam', metadata, image);
      // One frame a second: each is kept before the next arrives.
      await recorder.drain();
      recordMs += performance.now() - started;
    }
    const entries = await recorder.entries('jam');
    if (entries.length !== TIMELAPSE_JAM_FRAMES) throw new Error(`the jam kept ${entries.length} frames, expected ${TIMELAPSE_JAM_FRAMES}`);
    const historyBytes = entries.reduce((sum, entry) => sum + entry.bytes, 0);
    const loadAverage1m = loadAverage();
    const time = async (format: 'webp' | 'gif'): Promise<{ ms: number[]; bytes: number }> => {
      const ms: number[] = [];
      let bytes = 0;
      for (let trial = 0; trial < trials; trial++) {
        // A fresh exporter each time: nothing cached, as for the first person to press Download.
        const exporter = new TimelapseExporter({ maxRunning: 1, maxWaiting: 0, thumbnails: (roomId, list) => store.readTimelapseThumbnails(roomId, list) });
        const started = performance.now();
        const exported = await exporter.export('jam', format, entries)!;
        ms.push(performance.now() - started);
        const pages = (await sharp(exported.bytes).metadata()).pages;
        if (pages !== TIMELAPSE_JAM_FRAMES) throw new Error(`the ${format} export has ${pages} pages, expected ${TIMELAPSE_JAM_FRAMES}`);
        bytes = exported.bytes.length;
      }
      return { ms, bytes };
    };
    const webp = await time('webp');
    const gif = await time('gif');
    const result: TimelapseResult = {
      frames: entries.length, thumbnailPx: THUMBNAIL_PX, historyBytes, recordMs: Math.round(recordMs),
      webpMs: summarize(webp.ms), gifMs: summarize(gif.ms), webpBytes: webp.bytes, gifBytes: gif.bytes, loadAverage1m,
    };
    log(`  timelapse: ${result.frames} frames (${(historyBytes / 1024 / 1024).toFixed(1)} MiB of thumbnails), export WebP p50 ${result.webpMs.p50.toFixed(0)} ms (${(webp.bytes / 1024 / 1024).toFixed(1)} MiB), GIF p50 ${result.gifMs.p50.toFixed(0)} ms (${(gif.bytes / 1024 / 1024).toFixed(1)} MiB), load ${loadAverage1m.toFixed(2)}`);
    return result;
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
