import { createEngine, type DevicePreference, type ImageEngine } from '@promptjam/diffusion';
import { MAX_PROMPT_CHARS } from '@promptjam/protocol';
import type { ServerLogger } from '../log/createLogger.js';
import type { EngineLabel } from './EngineHost.js';
import { selectModel } from './selectModel.js';
import { selectPreviewDecoder } from './selectPreviewDecoder.js';

/** A model being loaded: its label at once, the engine when it is ready. */
export interface EngineLoad {
  label: EngineLabel;
  modelDir: string;
  /** Rejects with the engine's named error (`ModelFolderError`, `ExecutionProviderError`, ...) if it cannot load. */
  engine: Promise<ImageEngine>;
}

/**
 * Selects the model (see {@link selectModel}) and its preview decoder (see {@link selectPreviewDecoder}) and starts
 * loading them in a worker thread (warming batch shapes up to `maxBatch`, 0 for the provider's default), so the event loop that
 * serves sockets never runs `session.run`; `engineNice` lowers the engine threads' CPU priority below it (Linux). A model that cannot be selected or loaded rejects `engine`; the
 * server keeps running and `/readyz` says why.
 */
export async function loadEngine(model: string | undefined, device: DevicePreference, logger: ServerLogger, previewDecoder = 'auto', maxBatch = 0, engineNice = 0): Promise<EngineLoad> {
  const choice = await selectModel(model);
  const previewDecoderDir = await selectPreviewDecoder(previewDecoder, choice.modelDir);
  logger.info({ modelDir: choice.modelDir, model: choice.label.model, demo: choice.label.demo, source: choice.source, device, previewDecoderDir }, 'loading model');
  const engine = createEngine({
    modelDir: choice.modelDir,
    device,
    // The one length rule of rooms, editor and engine (a room can never hold a prompt the engine refuses).
    maxPromptChars: MAX_PROMPT_CHARS,
    ...(previewDecoderDir !== undefined ? { previewDecoderDir } : {}),
    // `--max-batch` (0: the provider's default): the load warms every batch shape the scheduler will form.
    ...(maxBatch > 0 ? { maxBatch } : {}),
    threadNice: engineNice,
    log: (message: string) => logger.info({ component: 'engine' }, message),
  });
  return { label: choice.label, modelDir: choice.modelDir, engine };
}
