import { epochNowMs, type BatchGeneration, type EngineInfo, type GenerateRequest, type GenerateResult, type ImageEngine, type ModelWorkSpan } from '@promptjam/diffusion';

/** A generation the test has not finished yet. */
export interface PendingGeneration {
  request: GenerateRequest;
  /** Finishes it with a tiny fake image whose bytes spell the prompt. */
  finish(genMs?: number): void;
  fail(error: Error): void;
}

/** A batch the engine was given: its requests, and a switch that ends its model work before its frames finish. */
export interface ControlledBatch {
  requests: GenerateRequest[];
  /** Ends the batch's model work (the scheduler may start the next batch); its frames stay pending. */
  endModelWork(): void;
}

/**
 * A fake engine for unit-testing the scheduler: every request waits until the test finishes or fails it, so
 * timing and overlap are under the test's control. A batch's model work ends when the test says so or when the
 * first of its frames settles. Integration tests use the real engine instead.
 */
export class ControllableEngine implements ImageEngine {
  readonly info: EngineInfo = {
    modelName: 'controllable (test)',
    modelType: 'sdxl',
    demo: true,
    provider: 'cpu',
    modelDir: '/nonexistent',
    dtype: 'float32',
    dynamicBatch: true,
  };
  /** Every request, in call order. */
  readonly requests: GenerateRequest[] = [];
  /** Calls not yet finished, oldest first. */
  readonly pending: PendingGeneration[] = [];
  /** Every batch, in call order. */
  readonly batches: ControlledBatch[] = [];
  /** Most generations ever running at once. */
  maxConcurrent = 0;
  /** Most batches whose model work ran at once (the scheduler must keep this at 1). */
  maxConcurrentModelWork = 0;
  private modelWork = 0;
  disposed = false;

  generate(request: GenerateRequest): Promise<GenerateResult> {
    return this.generateBatch([request]).frames[0]!;
  }

  generateBatch(requests: readonly GenerateRequest[]): BatchGeneration {
    let ended = false;
    let endModel!: (work: ModelWorkSpan) => void;
    const modelDone = new Promise<ModelWorkSpan>((resolve) => (endModel = resolve));
    // Model work runs from the call to the test's switch, on the clock the scheduler reads (fake timers included).
    const startedAtMs = epochNowMs();
    const endModelWork = (): void => {
      if (ended) return;
      ended = true;
      this.modelWork -= 1;
      endModel({ startedAtMs, endedAtMs: epochNowMs() });
    };
    this.modelWork += 1;
    this.maxConcurrentModelWork = Math.max(this.maxConcurrentModelWork, this.modelWork);
    this.batches.push({ requests: [...requests], endModelWork });
    // A frame cannot be done before its batch's model work: finishing or failing one ends the model work first.
    const frames = requests.map((request) => this.pendingFrame(request, endModelWork));
    return { modelDone, frames };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }

  private pendingFrame(request: GenerateRequest, endModelWork: () => void): Promise<GenerateResult> {
    this.requests.push(request);
    return new Promise<GenerateResult>((resolve, reject) => {
      const entry: PendingGeneration = {
        request,
        finish: (genMs = 5) => {
          this.remove(entry);
          endModelWork();
          const image = new TextEncoder().encode(request.prompt);
          resolve({ image, mime: 'image/jpeg', width: request.width, height: request.height, genMs, timings: { total: genMs } });
        },
        fail: (error) => {
          this.remove(entry);
          endModelWork();
          reject(error);
        },
      };
      this.pending.push(entry);
      this.maxConcurrent = Math.max(this.maxConcurrent, this.pending.length);
    });
  }

  private remove(entry: PendingGeneration): void {
    const index = this.pending.indexOf(entry);
    if (index >= 0) this.pending.splice(index, 1);
  }
}
