/**
 * The engine thread of {@link WorkerEngine}: loads the pipeline from `workerData`, then runs the model work of one
 * batch at a time. Each decoded frame goes to the frame-encoder thread (`frameEncoderWorker.ts`) over a
 * `MessagePort`, its planar floats transferred, and the encoder posts the finished image to the main thread: the
 * RGB conversion and image encoding never hold this thread, so the next batch's model work starts at once.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from '../errors.js';
import { DiffusionPipeline, decodedImage, type RenderedFrame } from '../pipeline/DiffusionPipeline.js';
import { lowerThisThreadPriority } from './threadPriority.js';
import { epochNowMs } from './types.js';
import type { FromWorker, ToEncoder, ToWorker, WorkerInit } from './workerMessages.js';

const port = parentPort;
if (!port) throw new Error('engineWorker.js must run in a worker thread');
const post = (message: FromWorker): void => port.postMessage(message);
const { frames, threadNice, ...init } = workerData as WorkerInit;

/**
 * Hands a decoded frame to the encoder, moving its floats: the decoder's output buffer when the frame owns all of
 * it, else (a view into a larger buffer, or memory that cannot move) a copy of its own.
 */
function sendToEncoder(id: number, index: number, rendered: RenderedFrame): void {
  const frame = decodedImage(rendered);
  const { planar } = frame;
  if (planar.byteOffset === 0 && planar.byteLength === planar.buffer.byteLength) {
    try {
      frames.postMessage({ type: 'encode', id, index, frame } satisfies ToEncoder, [planar.buffer as ArrayBuffer]);
      return;
    } catch {
      // Not transferable: copied below.
    }
  }
  const own = planar.slice();
  frames.postMessage({ type: 'encode', id, index, frame: { ...frame, planar: own } } satisfies ToEncoder, [own.buffer]);
}

async function main(): Promise<void> {
  // Before the sessions exist: the inference thread pools they create inherit this thread's priority.
  const priority = lowerThisThreadPriority(threadNice);
  if (threadNice !== 0) post({ type: 'log', message: priority.note });
  let pipeline: DiffusionPipeline;
  try {
    pipeline = await DiffusionPipeline.load({ ...init, log: (message) => post({ type: 'log', message }) });
  } catch (error) {
    post({ type: 'loadFailed', error: serializeError(error) });
    return;
  }
  post({ type: 'ready', info: pipeline.info });
  // Messages are handled strictly in order: a batch's model work finishes before the next one's starts.
  let chain = Promise.resolve();
  port!.on('message', (message: ToWorker) => {
    chain = chain.then(async () => {
      if (message.type === 'dispose') {
        await pipeline.dispose();
        // After every frame on the same port: the encoder finishes them all, then ends.
        frames.postMessage({ type: 'close' } satisfies ToEncoder);
        post({ type: 'disposed' });
        port!.close();
        return;
      }
      const { id, requests } = message;
      let rendered: Array<RenderedFrame | Error>;
      const startedAtMs = epochNowMs();
      try {
        rendered = await pipeline.renderBatch(requests);
      } catch (error) {
        rendered = requests.map(() => (error instanceof Error ? error : new Error(String(error))));
      }
      post({ type: 'modelDone', id, work: { startedAtMs, endedAtMs: epochNowMs() } });
      rendered.forEach((frame, index) => {
        if (frame instanceof Error) post({ type: 'failed', id, index, error: serializeError(frame) });
        else sendToEncoder(id, index, frame);
      });
    });
  });
}

void main();
