/**
 * The worker-thread side of {@link WorkerEngine}: loads the pipeline from `workerData`, then runs the model work
 * of one batch at a time and posts results back, transferring the image bytes (no copy). A batch's host work
 * (RGB conversion, image encoding, posting) is not awaited before the next batch's model work starts: sharp
 * encodes on libuv's thread pool while `session.run` holds this thread, and the pipeline yields to the event
 * loop between model calls so finished frames are posted without waiting for the whole next batch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from '../errors.js';
import { DiffusionPipeline, type RenderedFrame } from '../pipeline/DiffusionPipeline.js';
import { epochNowMs } from './types.js';
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
  const encoding = new Set<Promise<void>>();
  const encodeAndPost = (id: number, index: number, frame: RenderedFrame): void => {
    const task = pipeline.encodeFrame(frame).then(
      (result) => {
        // Copy into a buffer of its own so transferring cannot detach memory sharp still owns.
        const image = result.image.slice();
        post({ type: 'result', id, index, result: { ...result, image } }, [image.buffer as ArrayBuffer]);
      },
      (error: unknown) => post({ type: 'failed', id, index, error: serializeError(error) }),
    );
    encoding.add(task);
    void task.finally(() => encoding.delete(task));
  };
  // Messages are handled strictly in order: a batch's model work finishes before the next one's starts.
  let chain = Promise.resolve();
  port!.on('message', (message: ToWorker) => {
    chain = chain.then(async () => {
      if (message.type === 'dispose') {
        await Promise.all(encoding);
        await pipeline.dispose();
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
        else encodeAndPost(id, index, frame);
      });
    });
  });
}

void main();
