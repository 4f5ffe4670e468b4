/**
 * The raster thread's script: rasterises canvases sent by {@link RasterThread} and posts the JPEG back
 * (transferred). Skia's drawing calls are synchronous, so they run here rather than on the server's event loop.
 */
import { parentPort } from 'node:worker_threads';
import { rasterizeCanvas } from './rasterizeCanvas.js';
import type { RasterReply, RasterRequest } from './rasterMessages.js';

const port = parentPort;
if (port === null) throw new Error('rasterWorker.js runs as a worker thread');

port.on('message', (request: RasterRequest) => {
  rasterizeCanvas(request.canvas, request.width, request.height).then(
    (result) => port.postMessage({ id: request.id, ...result } satisfies RasterReply, [result.jpeg.buffer as ArrayBuffer]),
    (error: unknown) => port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies RasterReply),
  );
});
