import { defaultMaxBatch, settleBatch, type BatchGeneration, type EngineInfo, type GenerateRequest, type GenerateResult, type ImageEngine, type Provider } from '@promptjam/diffusion';

/** How status messages and frame metadata name the model. */
export interface EngineLabel {
  /** The model's display name, e.g. `sdxl-turbo` or `demo (tiny sdxl)`. */
  model: string;
  /** True for the embedded demo model. */
  demo: boolean;
}

/** Where the engine stands: loading in the background, ready, or failed to load (the server keeps running). */
export type EngineState = 'loading' | 'ready' | 'failed';

/** A generation was asked for while no model could be loaded. */
export class ModelUnavailableError extends Error {
  override name = 'ModelUnavailableError';
  constructor(readonly reason: string) {
    super(`the model is not available: ${reason}`);
  }
}

/**
 * Holds the server's one engine while it loads, and after. The server listens (and syncs documents) at once;
 * generations wait for the model, and if it fails to load each one fails with {@link ModelUnavailableError}
 * while `/readyz` says why. The process never goes down for a missing model.
 */
export class EngineHost {
  private engine: ImageEngine | undefined;
  private failure: Error | undefined;
  private readonly loaded: Promise<ImageEngine | undefined>;

  constructor(
    source: ImageEngine | Promise<ImageEngine>,
    /** The label to show until the engine reports its own. */
    private readonly expectedLabel: EngineLabel,
  ) {
    this.loaded = Promise.resolve(source).then(
      (engine) => {
        this.engine = engine;
        return engine;
      },
      (error: unknown) => {
        this.failure = error instanceof Error ? error : new Error(String(error));
        return undefined;
      },
    );
  }

  get state(): EngineState {
    if (this.engine) return 'ready';
    return this.failure ? 'failed' : 'loading';
  }

  /** Why loading failed, if it did. */
  get error(): Error | undefined {
    return this.failure;
  }

  /** What is loaded and where it runs, once ready. */
  get info(): EngineInfo | undefined {
    return this.engine?.info;
  }

  label(): EngineLabel {
    const info = this.engine?.info;
    return info ? { model: info.modelName, demo: info.demo } : this.expectedLabel;
  }

  /** Resolves when the engine is ready; rejects with {@link ModelUnavailableError} if it failed to load. */
  async whenReady(): Promise<void> {
    await this.loaded;
    if (this.failure) throw new ModelUnavailableError(this.failure.message);
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const engine = this.engine ?? (await this.loaded);
    if (!engine) throw new ModelUnavailableError(this.failure?.message ?? 'unknown');
    return engine.generate(request);
  }

  /** A batch for the engine; while it loads the batch waits, and if it failed every frame fails with {@link ModelUnavailableError}. */
  generateBatch(requests: readonly GenerateRequest[]): BatchGeneration {
    if (this.engine) return this.engine.generateBatch(requests);
    const batch = this.loaded.then((engine) => {
      if (!engine) throw new ModelUnavailableError(this.failure?.message ?? 'unknown');
      return engine.generateBatch(requests);
    });
    return settleBatch(batch, requests.length);
  }

  /**
   * Most rooms worth denoising in one batch on this engine: `configured` when set (> 0), else 4 on a GPU and 1 on
   * the CPU (where one image already keeps every core busy); always 1 for a fixed-batch export. 1 while loading.
   */
  batchLimit(configured: number): number {
    const info = this.engine?.info;
    if (!info || info.dynamicBatch === false) return 1;
    if (configured > 0) return configured;
    return defaultMaxBatch(info.provider as Provider);
  }

  /** Releases the engine (once it has loaded). */
  async dispose(): Promise<void> {
    const engine = await this.loaded;
    await engine?.dispose();
  }
}
