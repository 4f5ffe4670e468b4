/**
 * The raster thread's script: keeps the rooms' canvases ({@link SketchSurfaces}), applies the changes sent by
 * `RasterThread` and posts the pixels back (transferred). Skia's drawing calls are synchronous, so they run
 * here rather than on the server's event loop.
 */
import { parentPort } from 'node:worker_threads';
import type { RasterReply, RasterRequest } from './rasterMessages.js';
import { SketchSurfaces } from './SketchSurfaces.js';

const port = parentPort;
if (port === null) throw new Error('rasterWorker.js runs as a worker thread');
const surfaces = new SketchSurfaces();

port.on('message', (request: RasterRequest) => {
  if (request.kind === 'drop') {
    surfaces.drop(request.room);
    return;
  }
  surfaces.draw(request.room, request.width, request.height, request.change).then(
    (canvas) => {
      const transfer = canvas === null ? [] : [canvas.changed.data.buffer as ArrayBuffer];
      port.postMessage({ id: request.id, canvas } satisfies RasterReply, transfer);
    },
    (error: unknown) => port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies RasterReply),
  );
});
