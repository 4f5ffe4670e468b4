/**
 * The worker engine's second thread: finishes frames the engine thread hands it over a `MessagePort` (RGB
 * conversion, then the JPEG/WebP encode on libuv's pool) and posts each result straight to the main thread, so
 * the engine thread's only work is the model's and it starts the next batch at once (pipelining). Frames are
 * encoded as they come, several at a time; a `close` on the port (sent after the engine's last frame, so it comes
 * after every frame) lets the pending encodes finish, then ends the thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from '../errors.js';
import { encodeDecodedImage } from '../pipeline/encodeDecodedImage.js';
import { lowerThisThreadPriority } from './threadPriority.js';
import type { EncoderInit, FromWorker, ToEncoder } from './workerMessages.js';

const main = parentPort;
if (!main) throw new Error('frameEncoderWorker.js must run in a worker thread');
const post = (message: FromWorker, transfer: ArrayBuffer[] = []): void => main.postMessage(message, transfer);
const { frames, threadNice } = workerData as EncoderInit;
// The RGB conversion runs here at the engine's priority (the encode itself runs on libuv's pool, at normal priority).
lowerThisThreadPriority(threadNice);
const encoding = new Set<Promise<void>>();

frames.on('message', (message: ToEncoder) => {
  if (message.type === 'close') {
    void Promise.all(encoding).then(() => frames.close());
    return;
  }
  const { id, index, frame } = message;
  const task = encodeDecodedImage(frame).then(
    (result) => {
      // Copy into a buffer of its own so transferring cannot detach memory sharp still owns.
      const image = result.image.slice();
      post({ type: 'result', id, index, result: { ...result, image } }, [image.buffer as ArrayBuffer]);
    },
    (error: unknown) => post({ type: 'failed', id, index, error: serializeError(error) }),
  );
  encoding.add(task);
  void task.finally(() => encoding.delete(task));
});
