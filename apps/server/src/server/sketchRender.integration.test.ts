/**
 * The sketch steers the picture: a real server on the demo model renders img2img from a room's strokes and
 * starting image, says so in the frame metadata, and keeps the sketch across a restart.
 */
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RoomClient } from '../test/RoomClient.js';
import { addStroke, appendPoints, penStroke } from '../test/sketchEdits.js';
import { makeDataDir, removeDataDir, startTestServer, useDemoEngine } from '../test/testServer.js';
import { waitUntil } from '../test/waitUntil.js';
import type { RunningServer } from './startServer.js';

const demo = useDemoEngine();
let dataDir: string;
const servers: RunningServer[] = [];
const clients: RoomClient[] = [];

async function start(): Promise<RunningServer> {
  const server = await startTestServer(demo.engine, dataDir);
  servers.push(server);
  return server;
}

function join(server: RunningServer, roomId: string): RoomClient {
  const client = new RoomClient(server.url, roomId);
  clients.push(client);
  return client;
}

function bytesDiffer(a: Uint8Array, b: Uint8Array): boolean {
  return a.length !== b.length || a.some((value, i) => value !== b[i]);
}

beforeEach(async () => {
  dataDir = await makeDataDir();
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const server of servers.splice(0)) await server.close();
  await removeDataDir(dataDir);
});

describe('img2img from the room canvas', () => {
  it('a stroke turns the next frame into img2img from the sketch, at the room strength, different from text-only', async () => {
    const server = await start();
    const a = join(server, 'sketchy');
    const b = join(server, 'sketchy');
    await Promise.all([a.synced(), b.synced()]);
    a.setParams({ seed: 7, strength: 0.5 });
    a.setPrompt('a red fox in the snow');
    const textFrame = await b.frameOf('a red fox in the snow');
    expect(textFrame.metadata.img2img).toBeUndefined();

    addStroke(a.doc, { ...penStroke([100, 100, 100, 900, 900, 100, 900, 100, 100]), width: 200, colour: '#0044ff' });
    const sketchFrame = await b.frameWhere((f) => f.metadata.img2img !== undefined, 'an img2img frame');
    expect(sketchFrame.metadata).toMatchObject({ prompt: 'a red fox in the snow', params: { seed: 7, strength: 0.5 }, img2img: { strength: 0.5, steps: 2, strokes: 1, image: false } });
    expect(bytesDiffer(sketchFrame.image, textFrame.image)).toBe(true);
    await waitUntil(() => a.frames.some((f) => f.metadata.seq === sketchFrame.metadata.seq), 'the drawer to get the same frame');
  });

  it('a sketch drawn point by point renders the very frame the same sketch sent at once renders', async () => {
    // The rasteriser keeps the drawing room's picture and redraws only the growing stroke; its pixels, and so the
    // engine's frame, must equal a picture drawn from scratch.
    const server = await start();
    const live = join(server, 'drawn-live');
    const once = join(server, 'drawn-at-once');
    await Promise.all([live.synced(), once.synced()]);
    const lines = [0, 1, 2].map((s) => Array.from({ length: 30 }, (_, p) => [100 + p * 25, 200 + s * 250 + Math.round(60 * Math.sin(p / 4)), 50 + p]).flat());
    const strokes = lines.map((points, s) => ({ ...penStroke(points), width: 60 + s * 20 }));
    for (const client of [live, once]) {
      client.setParams({ seed: 11, strength: 0.5 });
      client.setPrompt('a harbour at dawn');
    }
    once.doc.transact(() => strokes.forEach((stroke) => addStroke(once.doc, stroke)));
    for (const [index, stroke] of strokes.entries()) {
      const points = lines[index]!;
      addStroke(live.doc, { ...stroke, points: points.slice(0, 3) });
      for (let at = 3; at < points.length; at += 6) {
        appendPoints(live.doc, index, points.slice(at, at + 6));
        await new Promise((resolve) => setTimeout(resolve, 20)); // past the server's 16 ms raster coalescing
      }
    }
    const whole = await once.frameWhere((f) => f.metadata.img2img?.strokes === 3 && f.metadata.quality === 'refined', 'the refined frame of the whole sketch');
    const drawn = await live.frameWhere(
      (f) => f.metadata.img2img?.canvas === whole.metadata.img2img?.canvas && f.metadata.quality === 'refined',
      'the refined frame of the sketch drawn point by point',
    );
    expect(Buffer.from(drawn.image).equals(Buffer.from(whole.image))).toBe(true);
  });

  it('a starting image renders img2img; clearing the canvas goes back to text-to-image', async () => {
    const server = await start();
    const a = join(server, 'picture');
    await a.synced();
    a.setPrompt('a lighthouse');
    await a.frameOf('a lighthouse');
    const png = new Uint8Array(await sharp({ create: { width: 300, height: 200, channels: 3, background: '#22aa44' } }).png().toBuffer());
    a.doc.getMap('canvas').set('image', png);
    const imageFrame = await a.frameWhere((f) => f.metadata.img2img?.image === true, 'a frame from the starting image');
    expect(imageFrame.metadata.img2img).toMatchObject({ strokes: 0, image: true });
    a.doc.getMap('canvas').delete('image');
    await a.frameWhere((f) => f.metadata.seq > imageFrame.metadata.seq && f.metadata.img2img === undefined, 'a text-only frame again');
  });

  it('a restart keeps the sketch and the frame drawn from it', async () => {
    const first = await start();
    const a = join(first, 'kept');
    await a.synced();
    a.setPrompt('a boat');
    addStroke(a.doc, penStroke());
    const frame = await a.frameWhere((f) => f.metadata.img2img?.strokes === 1, 'an img2img frame');
    a.destroy();
    await first.close();
    servers.splice(0);

    const second = await start();
    const b = join(second, 'kept');
    await b.synced();
    await waitUntil(() => b.doc.getArray('sketch').length === 1, 'the sketch to come back');
    const again = await b.frameWhere(() => true, 'the stored frame');
    expect(again.metadata.seq).toBe(frame.metadata.seq);
    expect(again.metadata.img2img?.canvas).toBe(frame.metadata.img2img?.canvas);
  });
});
