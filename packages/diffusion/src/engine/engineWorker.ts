/**
 * The worker-thread side of {@link WorkerEngine}: loads the pipeline from `workerData`, then runs one
 * request at a time and posts results back, transferring the image bytes (no copy).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from '../errors.js';
import { DiffusionPipeline } from '../pipeline/DiffusionPipeline.js';
import type { FromWorker, ToWorker, WorkerInit } from './workerMessages.js';

const port = parentPort;
if (!port) throw new Error('engineWorker.js must run in a worker thread');
const post = (message: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

async function main(): Promise<void> {
  let pipeline: DiffusionPipeline;
  try {
    pipeline = await DiffusionPipeline.load({ ...(workerData as WorkerInit), log: (message) => post({ type: 'log', message }) });
  } catch (error) {
    post({ type: 'loadFailed', error: serializeError(error) });
    return;
  }
  post({ type: 'ready', info: pipeline.info });
  // Messages are handled strictly in order: a generate finishes before the next one starts.
  let chain = Promise.resolve();
  port!.on('message', (message: ToWorker) => {
    chain = chain.then(async () => {
      if (message.type === 'dispose') {
        await pipeline.dispose();
        post({ type: 'disposed' });
        port!.close();
        return;
      }
      try {
        const result = await pipeline.generate(message.request);
        // Copy into a buffer of its own so transferring cannot detach memory sharp still owns.
        const image = result.image.slice();
        post({ type: 'result', id: message.id, result: { ...result, image } }, [image.buffer as ArrayBuffer]);
      } catch (error) {
        post({ type: 'failed', id: message.id, error: serializeError(error) });
      }
    });
  });
}

void main();
