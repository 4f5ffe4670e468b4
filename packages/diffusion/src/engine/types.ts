/**
 * The contract between the model engine and its callers (the room server, the CLI, benchmarks).
 * The server codes against {@link ImageEngine} only; how frames are made stays in this package.
 */

/**
 * Which execution provider to use. `auto` takes CUDA when its provider library is installed and loads, else
 * WebGPU when an adapter is found, else the CPU, and says which and why (`EngineInfo.providerNote`). `cuda` and
 * `webgpu` fail with a named error and the fix instead of running on the CPU.
 */
export type DevicePreference = 'auto' | 'cuda' | 'webgpu' | 'cpu';

/** Every {@link DevicePreference}, for parsing flags and environment variables. */
export const DEVICE_PREFERENCES: readonly DevicePreference[] = ['auto', 'cuda', 'webgpu', 'cpu'];

/** Output image encodings. */
export type ImageFormat = 'jpeg' | 'webp';

/** One image to make. Sizes are pixels; values are validated by the engine. */
/** Raw 8-bit pixels: interleaved RGB or RGBA (straight alpha, ignored), row-major, rows without padding. */
export interface RawImage {
  /** `width * height * channels` bytes. */
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
}

export interface GenerateRequest {
  prompt: string;
  seed: number;
  /** Denoising steps, 1–4 for the Turbo models. */
  steps: number;
  width: number;
  height: number;
  /** Defaults to `jpeg`. */
  format?: ImageFormat;
  /** Encoder quality 1–100; defaults to 85. */
  quality?: number;
  /**
   * img2img: the init image, encoded (any format sharp reads) or as raw pixels (a caller that drew it, such as
   * the server's sketch rasteriser, saves an encode and a decode); needs a `vae_encoder/`. Either is scaled to
   * cover `width` x `height`, centred.
   */
  initImage?: Uint8Array | RawImage;
  /** img2img strength in (0, 1]; `steps * strength` must be >= 1. */
  strength?: number;
  /**
   * Decode with the engine's tiny preview decoder (TAESD-style) when one is loaded: faster, lower quality.
   * Ignored (the full VAE decodes) when the engine has none; see `EngineInfo.previewDecoder`.
   */
  preview?: boolean;
}

/** Per-stage times in milliseconds, e.g. `tokenize`, `textEncode`, `unetStep1`, `decode`, `encode`. */
export type StageTimings = Record<string, number>;

/**
 * How much of the prompt the text encoders read. CLIP reads 75 tokens (77 with BOS and EOS); the rest is
 * truncated, as in diffusers/transformers (`truncation=True, max_length=77`). With two tokenizers (SDXL) the
 * smaller `used` and the larger `total` are reported.
 */
export interface PromptTokenUsage {
  /** Prompt tokens the text encoders read (without BOS/EOS). */
  used: number;
  /** Prompt tokens of the whole cleaned prompt. */
  total: number;
  /** Most prompt tokens the text encoders read (75). */
  limit: number;
  /** True when part of the prompt was cut: `total > limit`. */
  truncated: boolean;
}

/** One finished image, encoded once. */
export interface GenerateResult {
  image: Uint8Array;
  mime: string;
  width: number;
  height: number;
  /** Total engine time for this frame in ms (tokenize through encode). */
  genMs: number;
  /** Per-stage breakdown; `textCacheHit: 1` when the text encoders were skipped. */
  timings: StageTimings;
  /** How much of the prompt CLIP read (the real pipeline always says; engines that do not tokenize may not). */
  promptTokens?: PromptTokenUsage;
}

/** What is loaded and where it runs. */
export interface EngineInfo {
  /** Display name, e.g. `sdxl-turbo` or `demo (tiny sdxl)`. */
  modelName: string;
  /** `sdxl` (two text encoders, added time ids) or `sd` (one encoder). */
  modelType: 'sdxl' | 'sd';
  /** True for the embedded tiny demo model. */
  demo: boolean;
  /** The execution provider actually running: `cuda`, `webgpu` or `cpu`. */
  provider: string;
  /** Why this provider: `auto`'s reasoning (which providers were passed over and why), or why it differs from the one asked for. */
  providerNote?: string;
  /** The model folder. */
  modelDir: string;
  /** Float dtype of the UNet, `float16` or `float32`. */
  dtype: 'float16' | 'float32';
  /** True when a preview decoder is loaded, so `preview: true` requests decode faster. */
  previewDecoder?: boolean;
  /**
   * Per session (`unet`, `vae_decoder`, `preview_decoder`, ...): `createMs`, onnxruntime's session creation, and
   * `firstRunMs`, its first run (the load's warm-up; on a GPU it compiles kernels and allocates buffers).
   */
  sessionStartup?: Record<string, { createMs: number; firstRunMs?: number }>;
  /**
   * True when the UNet's batch axis is dynamic, so {@link ImageEngine.generateBatch} denoises compatible requests
   * in one `session.run` per step; false for fixed-batch exports, which the engine runs one request at a time.
   */
  dynamicBatch?: boolean;
  /** Batch shapes beyond 1 the load warmed (GPU providers: 2..maxBatch; none on the CPU). */
  warmedBatchSizes?: number[];
  /** True when a `vae_encoder` is loaded, so requests may carry an `initImage` (img2img); false for text-to-image only. */
  img2img?: boolean;
}

/**
 * A batch handed to the engine. The model work (text encoders, the batched UNet steps, the VAE decodes) runs as
 * one unit; each frame's host work (RGB conversion, image encoding) runs after it and overlaps the next batch's
 * model work, so `modelDone` settles before the frames do.
 */
export interface BatchGeneration {
  /**
   * Settles (never rejects) when the engine has finished this batch's model work and can start another, with
   * when that work ran (undefined when the batch never ran, e.g. it failed as a whole before starting).
   */
  readonly modelDone: Promise<ModelWorkSpan | undefined>;
  /** One per request, in request order: that request's frame, or its own error (other requests are unaffected). */
  readonly frames: ReadonlyArray<Promise<GenerateResult>>;
}

/**
 * When a batch's model work ran, in epoch milliseconds with sub-millisecond precision (`performance.timeOrigin +
 * performance.now()` on the engine's thread, comparable with the same sum on any thread of the process). The time
 * between one batch's `endedAtMs` and the next one's `startedAtMs` is the engine idling between batches.
 */
export interface ModelWorkSpan {
  startedAtMs: number;
  endedAtMs: number;
}

/** Now as epoch ms with sub-millisecond precision, comparable across the threads of one process. */
export function epochNowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** A loaded model that turns requests into images. Calls may overlap; the engine queues them. */
export interface ImageEngine {
  readonly info: EngineInfo;
  generate(request: GenerateRequest): Promise<GenerateResult>;
  /**
   * Makes several images in one engine turn. Requests of the same size, step count and img2img start step are
   * denoised together (one batched UNet call per step; each keeps its own seed, so its image matches what
   * `generate` gives it alone within float rounding); prompts are encoded once each. Any mix is accepted.
   */
  generateBatch(requests: readonly GenerateRequest[]): BatchGeneration;
  /** Releases sessions (and the worker thread). */
  dispose(): Promise<void>;
}
