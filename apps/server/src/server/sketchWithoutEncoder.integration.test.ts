/**
 * A model without a VAE encoder cannot start from a picture: a real server on such a model (the demo model's
 * folder less its `vae_encoder/`) renders a sketching room text-to-image, saying why in the frame metadata,
 * instead of failing every frame.
 */
import { mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type ImageEngine } from '@promptjam/diffusion';
import { ensureDemoModel } from '@promptjam/models';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CANVAS_IGNORED_NO_VAE_ENCODER } from '../rooms/Room.js';
import { RoomClient } from '../test/RoomClient.js';
import { addStroke, penStroke } from '../test/sketchEdits.js';
import { makeDataDir, removeDataDir, startTestServer } from '../test/testServer.js';
import type { RunningServer } from './startServer.js';

let modelDir: string;
let engine: ImageEngine;
let dataDir: string;
let server: RunningServer | undefined;
const clients: RoomClient[] = [];

beforeAll(async () => {
  // The demo model, every component linked but the VAE encoder.
  const demo = await ensureDemoModel();
  modelDir = await mkdtemp(join(tmpdir(), 'promptjam-no-encoder-'));
  for (const entry of await readdir(demo)) if (entry !== 'vae_encoder') await symlink(join(demo, entry), join(modelDir, entry));
  engine = await createEngine({ modelDir, device: 'cpu', warmupSizePx: 64, log: () => {} });
  dataDir = await makeDataDir();
}, 60_000);
afterAll(async () => {
  await engine?.dispose();
  await rm(modelDir, { recursive: true, force: true });
  await removeDataDir(dataDir);
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await server?.close();
});

describe('a model without a VAE encoder', () => {
  it('renders a sketching room text-to-image, the frame metadata saying why; without a sketch the note goes', async () => {
    expect(engine.info.img2img).toBe(false);
    server = await startTestServer(engine, dataDir);
    const a = new RoomClient(server.url, 'no-encoder');
    const b = new RoomClient(server.url, 'no-encoder');
    clients.push(a, b);
    await Promise.all([a.synced(), b.synced()]);
    a.setPrompt('a red fox in the snow');
    const textFrame = await b.frameWhere((f) => f.metadata.prompt === 'a red fox in the snow' && f.metadata.quality === 'refined', 'the refined text-only frame');
    expect(textFrame.metadata.canvasIgnored).toBeUndefined();

    addStroke(a.doc, penStroke());
    const ignored = await b.frameWhere((f) => f.metadata.canvasIgnored !== undefined && f.metadata.quality === 'refined', 'a refined frame saying the sketch was not used');
    expect(ignored.metadata.canvasIgnored).toBe(CANVAS_IGNORED_NO_VAE_ENCODER);
    expect(ignored.metadata.img2img).toBeUndefined();
    // The same prompt, seed and quality, text-to-image: the very picture of the text-only frame.
    expect(Buffer.from(ignored.image).equals(Buffer.from(textFrame.image))).toBe(true);

    // Later edits keep rendering (no engine errors), and clearing the sketch drops the note.
    a.setPrompt('a red fox in the snow at dusk');
    const later = await b.frameOf('a red fox in the snow at dusk');
    expect(later.metadata.canvasIgnored).toBe(CANVAS_IGNORED_NO_VAE_ENCODER);
    a.doc.getArray('sketch').delete(0, 1);
    await b.frameWhere((f) => f.metadata.seq > later.metadata.seq && f.metadata.canvasIgnored === undefined, 'a frame without the note once the sketch is gone');
  });
});
