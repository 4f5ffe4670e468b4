import { epochNowMs, type DevicePreference, type EngineInfo, type GenerateRequest, type GenerateResult, type PromptTokenUsage } from '../engine/types.js';
import { checkSignature, type ModelSignature } from '../modelFolder/checkSignature.js';
import { loadModelFolder, type ComponentName, type ModelFolder, type ModelType } from '../modelFolder/loadModelFolder.js';
import { createSessions, type ProviderChoice } from '../ort/createSessions.js';
import { defaultMaxBatch, type SessionSettings, type WebGpuOptions } from '../ort/executionProviders.js';
import type { Logger, OnnxSession, SessionStartup } from '../ort/onnxSession.js';
import { SeededRandom } from '../random/SeededRandom.js';
import { createScheduler, type Scheduler } from '../schedulers/createScheduler.js';
import type { ClipTokenizer, TokenizedText } from '../tokenizer/ClipTokenizer.js';
import { loadTokenizer } from '../tokenizer/loadTokenizer.js';
import { decodeLatents, encodeImageLatents } from './vaeCodec.js';
import { denoiseLatents } from './denoiseLatents.js';
import { encodePrompt, encodePrompts, textEncodersAcceptBatch } from './encodePrompt.js';
import { batchKey, stackBatch, startStepOf, unetAcceptsBatch } from './batchTensors.js';
import { encodeDecodedImage, type DecodedImage } from './encodeDecodedImage.js';
import { decodeInitImage } from './encodeImage.js';
import { rgbToPlanarImage } from './imageConversion.js';
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
  /**
   * Most requests the caller will hand {@link DiffusionPipeline.renderBatch} at once; the load also warms every batch
   * shape from 2 up to it (on a GPU a new shape compiles kernels and allocates buffers, which the first rooms to hit
   * it would otherwise wait for). Default {@link defaultMaxBatch} of the provider in use (1 on the CPU: no warm-up).
   */
  maxBatch?: number;
  /** Largest accepted image side (px); default 1024. */
  maxSizePx?: number;
  /** Longest accepted prompt (UTF-16 code units), the caller's length rule; unset: no cap. See `validateRequest`. */
  maxPromptChars?: number;
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

/**
 * One request after the model work: its decoded planar image `[1, 3, H, W]` in [-1, 1], waiting for
 * {@link DiffusionPipeline.encodeFrame}. Its timer already holds the batch's shared stages.
 */
export interface RenderedFrame {
  request: ValidRequest;
  planar: Float32Array;
  timer: StageTimer;
  /** How many requests were denoised together with this one (itself included). */
  batchSize: number;
  /** How much of the prompt CLIP read. */
  promptTokens: PromptTokenUsage;
}

/** A rendered frame as plain data for {@link encodeDecodedImage}, on this thread or another. */
export function decodedImage(frame: RenderedFrame): DecodedImage {
  const { request, timer, planar } = frame;
  return {
    planar,
    width: request.width,
    height: request.height,
    format: request.format,
    quality: request.quality,
    // Called as the batch's model work ends: from here on the engine is free for the next batch (pipelining).
    timings: { ...timer.timings, modelWork: epochNowMs() - timer.startedAtEpochMs },
    onnxRunMs: timer.onnxRunMs,
    batchSize: frame.batchSize,
    promptTokens: frame.promptTokens,
    startedAtEpochMs: timer.startedAtEpochMs,
  };
}

/** Lets callbacks that finished meanwhile (an image encode on the thread pool) run before the next model call. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs `fn` over `items` one after another (model calls must not overlap on one session). */
async function sequentially<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) out.push(await fn(item));
  return out;
}

const asError = (cause: unknown): Error => (cause instanceof Error ? cause : new Error(String(cause)));

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
  /** Batch shapes (beyond 1) the load's warm-up ran. */
  private readonly warmedBatchSizes: number[] = [];

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
      sessionStartup: this.sessionStartup,
      dynamicBatch: this.dynamicBatch,
      warmedBatchSizes: [...this.warmedBatchSizes],
      img2img: this.sessions.vae_encoder !== undefined,
    };
  }

  /** Creation and first-run times of every session (the preview decoder's under `preview_decoder`), in ms. */
  get sessionStartup(): Record<string, SessionStartup> {
    return Object.fromEntries(Object.entries(this.sessions).map(([label, session]) => [label, session.startup]));
  }

  /** Whether compatible requests can share one UNet call (see {@link unetAcceptsBatch}). */
  get dynamicBatch(): boolean {
    return unetAcceptsBatch(this.signature);
  }

  /** Prompts currently in the text-embedding cache. */
  get textCacheSize(): number {
    return this.cache.size;
  }

  /** Makes one image. Throws {@link InvalidRequestError} for bad requests before any model runs. */
  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const [rendered] = await this.renderBatch([request]);
    if (rendered instanceof Error) throw rendered;
    return this.encodeFrame(rendered!);
  }

  /**
   * The model work of several requests, as one engine turn: each request is validated alone (a bad one gets its
   * own {@link InvalidRequestError} in its slot), compatible ones (see {@link batchKey}) are denoised together when
   * the UNet has a dynamic batch axis, and each is decoded alone (batching the VAE does not pay on the GPU). Returns,
   * in request order, a decoded frame for {@link encodeFrame} or that request's error. If a batched run fails, its
   * members are retried one by one, so one request that cannot run (or a batch too big for the device) fails alone.
   */
  async renderBatch(requests: readonly GenerateRequest[]): Promise<Array<RenderedFrame | Error>> {
    const out = new Array<RenderedFrame | Error>(requests.length);
    const groups = new Map<string, Array<{ index: number; valid: ValidRequest }>>();
    requests.forEach((request, index) => {
      try {
        const valid = validateRequest(request, {
          maxSizePx: this.options.maxSizePx,
          maxPromptChars: this.options.maxPromptChars,
          hasVaeEncoder: this.sessions.vae_encoder !== undefined,
        });
        const key = batchKey(valid);
        groups.set(key, [...(groups.get(key) ?? []), { index, valid }]);
      } catch (error) {
        out[index] = asError(error);
      }
    });
    for (const members of groups.values()) {
      const chunks = this.dynamicBatch ? [members] : members.map((member) => [member]);
      for (const chunk of chunks) {
        // Frames finished earlier in this turn encode (off-thread) while this chunk runs.
        await yieldToEventLoop();
        const frames = await this.renderGroup(chunk.map((m) => m.valid)).catch(async (error: unknown) =>
          chunk.length === 1 ? [asError(error)] : Promise.all(chunk.map((m) => this.renderGroup([m.valid]).then(([f]) => f!, asError))),
        );
        chunk.forEach((member, i) => (out[member.index] = frames[i]!));
      }
    }
    return out;
  }

  /**
   * The host work of one rendered frame: planar floats to RGB bytes, then one JPEG/WebP encode (see
   * {@link encodeDecodedImage}; the worker engine runs it on another thread, see {@link decodedImage}).
   */
  async encodeFrame(frame: RenderedFrame): Promise<GenerateResult> {
    return encodeDecodedImage(decodedImage(frame));
  }

  /** Releases every session. */
  async dispose(): Promise<void> {
    // `sessions` includes the preview decoder's, when there is one.
    await Promise.all(Object.values(this.sessions).map((s) => s.release()));
    this.cache.clear();
  }

  /**
   * Step 1 for every member of a group: tokenize each prompt (on its own timer), reuse cached conditioning, and
   * encode the distinct missing prompts, all in one text-encoder run per encoder when the exports take a batch
   * (on a GPU, M typing rooms' new prompts then cost about one encoder call, not M). Encoder time goes on `shared`.
   */
  private async encodePromptsCached(
    prompts: readonly string[],
    timers: readonly StageTimer[],
    shared: StageTimer,
  ): Promise<Array<{ embeddings: PromptEmbeddings; promptTokens: PromptTokenUsage }>> {
    // Text past CLIP's 77 ids is truncated here, as the reference pipelines do; never an error.
    const tokenized = await Promise.all(prompts.map((prompt, i) => timers[i]!.time('tokenize', () => this.tokenizers.map((t) => t.tokenize(prompt)))));
    // Keyed by the ids the encoders see: prompts that differ only in case, spacing, entities, or past the
    // 75th token share one entry.
    const keys = tokenized.map((perEncoder) => perEncoder.map((t) => t.ids.join(',')).join('|'));
    const found = new Map<string, PromptEmbeddings>();
    const missing = new Map<string, Int32Array[]>();
    keys.forEach((key, i) => {
      const cached = found.get(key) ?? this.cache.get(key);
      if (cached) {
        found.set(key, cached);
        timers[i]!.flag('textCacheHit');
      } else if (!missing.has(key)) {
        missing.set(key, tokenized[i]!.map((t) => t.ids));
      }
    });
    const encoders = {
      sessions: this.signature.textEncoders.map((_, i) => this.sessions[i === 0 ? 'text_encoder' : 'text_encoder_2']!),
      signature: this.signature,
    };
    const missingKeys = [...missing.keys()];
    const missingIds = [...missing.values()];
    const encoded = textEncodersAcceptBatch(this.signature)
      ? missingIds.length > 0 ? await encodePrompts(missingIds, encoders, shared) : []
      : await sequentially(missingIds, (ids) => encodePrompt(ids, encoders, shared));
    missingKeys.forEach((key, m) => {
      found.set(key, encoded[m]!);
      this.cache.set(key, encoded[m]!);
    });
    return keys.map((key, i) => ({ embeddings: found.get(key)!, promptTokens: tokenUsage(tokenized[i]!) }));
  }

  /** Steps 1-6 for requests that share a batch key: one denoise loop for all, then one decode each. */
  private async renderGroup(requests: readonly ValidRequest[]): Promise<RenderedFrame[]> {
    const [first] = requests as [ValidRequest];
    const { width, height, steps } = first;
    // Every member's timer starts now and carries the shared stages, so its genMs and timings describe the batch it ran in.
    const timers = requests.map(() => new StageTimer());
    const shared = new StageTimer();
    // 1. Encode the distinct uncached prompts (one text-encoder run for all of them where the exports take a batch).
    const encodedPrompts = await this.encodePromptsCached(requests.map((r) => r.prompt), timers, shared);
    const embeddings = encodedPrompts.map((e) => e.embeddings);
    const promptTokens = encodedPrompts.map((e) => e.promptTokens);
    // 2. Prepare timesteps.
    this.scheduler.setTimesteps(steps);
    // 3. Prepare latents, each from its own seed (pure noise, or the noised init image for img2img).
    const randoms = requests.map((request) => new SeededRandom(request.seed));
    const single = latentDims(this.signature.latentChannels, width, height);
    const starts = await shared.time('prepareLatents', () => Promise.all(requests.map((request, i) => this.prepareStartLatents(request, randoms[i]!, single, shared))));
    const perImage = starts[0]!.length;
    const latents = new Float32Array(perImage * requests.length);
    starts.forEach((start, i) => latents.set(start, i * perImage));
    const dims = [requests.length, ...single.slice(1)];
    // 4. Add time ids (SDXL).
    const timeIdsSpec = this.signature.unet.timeIds;
    const timeIds = timeIdsSpec ? stackBatch(requests.map(() => addTimeIds(timeIdsSpec, width, height))) : undefined;
    // 5. Denoise, all members in one UNet call per step.
    const conditioning: PromptEmbeddings = { encoderHiddenStates: stackBatch(embeddings.map((e) => e.encoderHiddenStates)) };
    if (this.signature.unet.textEmbeds) conditioning.textEmbeds = stackBatch(embeddings.map((e) => e.textEmbeds!));
    const startStep = startStepOf(first);
    const denoised = await denoiseLatents(
      { unet: this.sessions.unet!, signature: this.signature, scheduler: this.scheduler, embeddings: conditioning, timeIds, latents, dims, startStep, randoms },
      shared,
    );
    // 6. Decode each member with the VAE (or the tiny preview decoder).
    const frames: RenderedFrame[] = [];
    for (const [i, request] of requests.entries()) {
      const timer = timers[i]!;
      timer.absorb(shared);
      const own = denoised.subarray(i * perImage, (i + 1) * perImage);
      const preview = request.preview ? this.preview : undefined;
      const planar = await timer.time(preview ? 'decodePreview' : 'decode', () =>
        preview
          ? decodePreview(preview.session, preview.signature, own, single, preview.scalingFactor, timer)
          : decodeLatents(this.sessions.vae_decoder!, this.signature, own, single, this.folder.vaeScalingFactor, timer),
      );
      frames.push({ request, planar, timer, batchSize: requests.length, promptTokens: promptTokens[i]! });
    }
    return frames;
  }

  private async prepareStartLatents(valid: ValidRequest, random: SeededRandom, dims: readonly number[], timer: StageTimer): Promise<Float32Array> {
    const count = dims.reduce((a, b) => a * b, 1);
    if (!valid.initImage) return prepareLatents(random, count, this.scheduler.initNoiseSigma);
    const rgb = await decodeInitImage(valid.initImage, valid.width, valid.height);
    const imageLatents = await encodeImageLatents(
      this.sessions.vae_encoder!, this.signature, rgbToPlanarImage(rgb, valid.width, valid.height), valid.width, valid.height, this.folder.vaeScalingFactor, timer,
    );
    const noise = random.fillNormal(new Float32Array(count));
    return this.scheduler.addNoise(imageLatents, noise, startStepOf(valid));
  }

  private async warmUp(sizePx: number): Promise<void> {
    const side = Math.min(sizePx, this.options.maxSizePx ?? MAX_SIZE_PX);
    if (side <= 0) return;
    await this.generate({ prompt: 'warm up', seed: 0, steps: 1, width: side, height: side });
    // Every session a server will use is warm before it reports ready, the preview decoder too (its first run
    // on a GPU costs hundreds of ms: kernel compilation and buffer allocation).
    if (this.preview) await this.generate({ prompt: 'warm up', seed: 0, steps: 1, width: side, height: side, preview: true });
    // Every batch shape the caller will use: distinct prompts, so the text encoders run batched too.
    for (const size of this.warmupBatchSizes()) {
      const requests = Array.from({ length: size }, (_, i) => ({ prompt: `warm up ${size}.${i}`, seed: i, steps: 1, width: side, height: side, preview: this.preview !== undefined }));
      for (const frame of await this.renderBatch(requests)) if (frame instanceof Error) throw frame;
      this.warmedBatchSizes.push(size);
    }
    this.cache.clear();
  }

  /** Batch sizes 2..maxBatch (by default none on the CPU, 2..4 on a GPU); none for fixed-batch exports. */
  private warmupBatchSizes(): number[] {
    if (!this.dynamicBatch) return [];
    const most = this.options.maxBatch ?? defaultMaxBatch(this.choice.provider);
    return Array.from({ length: Math.max(0, most - 1) }, (_, i) => i + 2);
  }
}

/** One usage for all tokenizers: the fewest tokens any encoder read of the most any tokenizer found. */
function tokenUsage(tokenized: readonly TokenizedText[]): PromptTokenUsage {
  const used = Math.min(...tokenized.map((t) => t.used));
  const total = Math.max(...tokenized.map((t) => t.total));
  const limit = Math.min(...tokenized.map((t) => t.limit));
  return { used, total, limit, truncated: total > limit };
}
