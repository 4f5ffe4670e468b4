import type { DevicePreference, EngineInfo, GenerateRequest, GenerateResult } from '../engine/types.js';
import { checkSignature, type ModelSignature } from '../modelFolder/checkSignature.js';
import { loadModelFolder, type ComponentName, type ModelFolder, type ModelType } from '../modelFolder/loadModelFolder.js';
import { createSessions, type ProviderChoice } from '../ort/createSessions.js';
import type { SessionSettings, WebGpuOptions } from '../ort/executionProviders.js';
import type { Logger, OnnxSession } from '../ort/onnxSession.js';
import { SeededRandom } from '../random/SeededRandom.js';
import { createScheduler, type Scheduler } from '../schedulers/createScheduler.js';
import { ClipTokenizer } from '../tokenizer/ClipTokenizer.js';
import { loadTokenizer } from '../tokenizer/loadTokenizer.js';
import { decodeLatents, encodeImageLatents } from './vaeCodec.js';
import { denoiseLatents } from './denoiseLatents.js';
import { encodePrompt } from './encodePrompt.js';
import { decodeInitImage, encodeImage, IMAGE_MIME } from './encodeImage.js';
import { latentImageToRgb, rgbToPlanarImage } from './imageConversion.js';
import { addTimeIds, latentDims, prepareLatents } from './prepareLatents.js';
import { checkPreviewDecoder, decodePreview, loadPreviewDecoderFolder, type PreviewDecoderSignature } from './previewDecoder.js';
import { StageTimer } from './StageTimer.js';
import { DEFAULT_TEXT_CACHE_ENTRIES, TextEmbeddingCache, type PromptEmbeddings } from './TextEmbeddingCache.js';
import { MAX_SIZE_PX, validateRequest, type ValidRequest } from './validateRequest.js';

/** How to load a pipeline. */
export interface PipelineOptions {
  /** A model folder in the diffusers/Optimum ONNX layout. */
  modelDir: string;
  /** Execution provider preference; default `auto` (CUDA if it loads, else WebGPU if an adapter is found, else CPU, with a note). */
  device?: DevicePreference;
  /** WebGPU provider options (layout, graph capture, validation); defaults are onnxruntime's until the GPU check decides. */
  webgpu?: WebGpuOptions;
  /** Fail with a named error if the folder holds the other model type. */
  expectType?: ModelType;
  /** Prompts kept in the text-embedding LRU; default 64, 0 disables it. */
  textCacheEntries?: number;
  /** Side of the square warm-up frame run at load (px); default 512, 0 skips warm-up. */
  warmupSizePx?: number;
  /** Largest accepted image side (px); default 1024. */
  maxSizePx?: number;
  /**
   * Optional TAESD-style tiny decoder folder (`model.onnx` + optional `config.json`) used for requests with
   * `preview: true`; see {@link loadPreviewDecoderFolder}.
   */
  previewDecoderDir?: string;
  /**
   * Intra-op threads on the CPU provider; default every core but one, so the process that hosts the engine
   * (the room server's event loop) keeps a core while a frame renders on the CPU.
   */
  cpuThreads?: number;
  /** Diagnostics sink; default writes to stderr. */
  log?: Logger;
}

/** The optional fast decoder for preview frames. */
interface PreviewDecoder {
  session: OnnxSession;
  signature: PreviewDecoderSignature;
  scalingFactor: number;
}

/** Session label of the optional preview decoder. */
const PREVIEW_SESSION = 'preview_decoder';

const defaultLog: Logger = (message) => process.stderr.write(`[diffusion] ${message}\n`);

/**
 * Text-to-image (and img2img) for SDXL Turbo and SD Turbo ONNX folders on onnxruntime-node, in the order
 * of diffusers' `StableDiffusionXLPipeline.__call__`. Runs on the calling thread: `session.run` blocks
 * it, so servers use the worker engine ({@link createEngine}) instead. Requests must not overlap.
 */
export class DiffusionPipeline {
  private readonly cache: TextEmbeddingCache;

  private constructor(
    readonly folder: ModelFolder,
    readonly signature: ModelSignature,
    private readonly sessions: Partial<Record<ComponentName, OnnxSession>>,
    private readonly tokenizers: ClipTokenizer[],
    private readonly scheduler: Scheduler,
    private readonly choice: ProviderChoice,
    private readonly options: PipelineOptions,
    private readonly preview: PreviewDecoder | undefined,
  ) {
    this.cache = new TextEmbeddingCache(options.textCacheEntries ?? DEFAULT_TEXT_CACHE_ENTRIES);
  }

  /** Validates the folder, creates all sessions in parallel, checks their tensors, and warms up. */
  static async load(options: PipelineOptions): Promise<DiffusionPipeline> {
    const log = options.log ?? defaultLog;
    const folder = await loadModelFolder(options.modelDir, options.expectType);
    const tokenizers = await Promise.all(folder.tokenizerDirs.map((dir) => loadTokenizer(dir)));
    const previewFolder = options.previewDecoderDir !== undefined ? await loadPreviewDecoderFolder(options.previewDecoderDir) : undefined;
    const paths = { ...folder.components, ...(previewFolder ? { [PREVIEW_SESSION]: previewFolder.path } : {}) } as Record<string, string>;
    const settings: SessionSettings = { ...(options.cpuThreads !== undefined ? { cpuThreads: options.cpuThreads } : {}), ...(options.webgpu ? { webgpu: options.webgpu } : {}) };
    const { sessions, choice } = await createSessions(paths, options.device ?? 'auto', log, settings);
    try {
      const signature = checkSignature(folder.type, sessions);
      const previewSession = sessions[PREVIEW_SESSION];
      const preview = previewSession && previewFolder
        ? { session: previewSession, signature: checkPreviewDecoder(previewSession), scalingFactor: previewFolder.scalingFactor }
        : undefined;
      const scheduler = createScheduler(folder.scheduler);
      const pipeline = new DiffusionPipeline(folder, signature, sessions, tokenizers, scheduler, choice, options, preview);
      await pipeline.warmUp(options.warmupSizePx ?? 512);
      return pipeline;
    } catch (error) {
      await Promise.all(Object.values(sessions).map((s) => s.release()));
      throw error;
    }
  }

  /** What is loaded and where it runs. */
  get info(): EngineInfo {
    return {
      modelName: this.folder.name,
      modelType: this.folder.type,
      demo: this.folder.demo,
      provider: this.choice.provider,
      ...(this.choice.note !== undefined ? { providerNote: this.choice.note } : {}),
      modelDir: this.folder.dir,
      dtype: this.signature.floatType,
      previewDecoder: this.preview !== undefined,
    };
  }

  /** Prompts currently in the text-embedding cache. */
  get textCacheSize(): number {
    return this.cache.size;
  }

  /** Makes one image. Throws {@link InvalidRequestError} for bad requests before any model runs. */
  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const valid = validateRequest(request, { maxSizePx: this.options.maxSizePx, hasVaeEncoder: this.sessions.vae_encoder !== undefined });
    const timer = new StageTimer();
    const { width, height } = valid;
    // 1. Encode the prompt (or reuse the cached conditioning).
    const embeddings = await this.encodePromptCached(valid.prompt, timer);
    // 2. Prepare timesteps.
    this.scheduler.setTimesteps(valid.steps);
    // 3. Prepare latents (pure noise, or the noised init image for img2img).
    const random = new SeededRandom(valid.seed);
    const dims = latentDims(this.signature.latentChannels, width, height);
    const { latents, startStep } = await timer.time('prepareLatents', () => this.prepareStartLatents(valid, random, dims, timer));
    // 4. Add time ids (SDXL).
    const timeIds = this.signature.unet.timeIds ? addTimeIds(this.signature.unet.timeIds, width, height) : undefined;
    // 5. Denoise.
    const denoised = await denoiseLatents(
      { unet: this.sessions.unet!, signature: this.signature, scheduler: this.scheduler, embeddings, timeIds, latents, dims, startStep, random },
      timer,
    );
    // 6. Decode with the VAE (or the tiny preview decoder) and map to RGB bytes.
    const preview = valid.preview ? this.preview : undefined;
    const rgb = await timer.time(preview ? 'decodePreview' : 'decode', async () => {
      const planar = preview
        ? await decodePreview(preview.session, preview.signature, denoised, dims, preview.scalingFactor, timer)
        : await decodeLatents(this.sessions.vae_decoder!, this.signature, denoised, dims, this.folder.vaeScalingFactor, timer);
      return latentImageToRgb(planar, width, height);
    });
    // 7. Encode once.
    const image = await timer.time('encode', () => encodeImage(rgb, width, height, valid.format, valid.quality));
    // onnxRun: total ms inside session.run, so callers can tell the engine's own overhead from the model's.
    const timings = { ...timer.timings, onnxRun: timer.onnxRunMs };
    return { image, mime: IMAGE_MIME[valid.format], width, height, genMs: timer.elapsedMs(), timings };
  }

  /** Releases every session. */
  async dispose(): Promise<void> {
    // `sessions` includes the preview decoder's, when there is one.
    await Promise.all(Object.values(this.sessions).map((s) => s.release()));
    this.cache.clear();
  }

  private async encodePromptCached(prompt: string, timer: StageTimer): Promise<PromptEmbeddings> {
    // Keyed by CLIP's cleaned text: prompts differing only in case or spacing have the same token ids.
    const key = ClipTokenizer.clean(prompt);
    const cached = this.cache.get(key);
    if (cached) {
      timer.flag('textCacheHit');
      return cached;
    }
    const encoders = {
      tokenizers: this.tokenizers,
      sessions: this.signature.textEncoders.map((_, i) => this.sessions[i === 0 ? 'text_encoder' : 'text_encoder_2']!),
      signature: this.signature,
    };
    const embeddings = await encodePrompt(prompt, encoders, timer);
    this.cache.set(key, embeddings);
    return embeddings;
  }

  private async prepareStartLatents(
    valid: ValidRequest,
    random: SeededRandom,
    dims: readonly number[],
    timer: StageTimer,
  ): Promise<{ latents: Float32Array; startStep: number }> {
    const count = dims.reduce((a, b) => a * b, 1);
    if (!valid.initImage) return { latents: prepareLatents(random, count, this.scheduler.initNoiseSigma), startStep: 0 };
    // img2img, as diffusers' get_timesteps: skip the first steps - floor(steps * strength) timesteps.
    const rgb = await decodeInitImage(valid.initImage, valid.width, valid.height);
    const imageLatents = await encodeImageLatents(
      this.sessions.vae_encoder!, this.signature, rgbToPlanarImage(rgb, valid.width, valid.height), valid.width, valid.height, this.folder.vaeScalingFactor, timer,
    );
    const startStep = valid.steps - Math.min(Math.floor(valid.steps * valid.strength), valid.steps);
    const noise = random.fillNormal(new Float32Array(count));
    return { latents: this.scheduler.addNoise(imageLatents, noise, startStep), startStep };
  }

  private async warmUp(sizePx: number): Promise<void> {
    const side = Math.min(sizePx, this.options.maxSizePx ?? MAX_SIZE_PX);
    if (side <= 0) return;
    await this.generate({ prompt: 'warm up', seed: 0, steps: 1, width: side, height: side });
    this.cache.clear();
  }
}
