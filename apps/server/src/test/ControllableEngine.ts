import type { EngineInfo, GenerateRequest, GenerateResult, ImageEngine } from '@promptjam/diffusion';

/** A generation the test has not finished yet. */
export interface PendingGeneration {
  request: GenerateRequest;
  /** Finishes it with a tiny fake image whose bytes spell the prompt. */
  finish(genMs?: number): void;
  fail(error: Error): void;
}

/**
 * A fake engine for unit-testing the scheduler: every `generate` call waits until the test finishes or fails it,
 * so timing and overlap are under the test's control. Integration tests use the real engine instead.
 */
export class ControllableEngine implements ImageEngine {
  readonly info: EngineInfo = {
    modelName: 'controllable (test)',
    modelType: 'sdxl',
    demo: true,
    provider: 'cpu',
    modelDir: '/nonexistent',
    dtype: 'float32',
  };
  /** Every request, in call order. */
  readonly requests: GenerateRequest[] = [];
  /** Calls not yet finished, oldest first. */
  readonly pending: PendingGeneration[] = [];
  /** Most generations ever running at once. */
  maxConcurrent = 0;
  disposed = false;

  generate(request: GenerateRequest): Promise<GenerateResult> {
    this.requests.push(request);
    return new Promise<GenerateResult>((resolve, reject) => {
      const entry: PendingGeneration = {
        request,
        finish: (genMs = 5) => {
          this.remove(entry);
          const image = new TextEncoder().encode(request.prompt);
          resolve({ image, mime: 'image/jpeg', width: request.width, height: request.height, genMs, timings: { total: genMs } });
        },
        fail: (error) => {
          this.remove(entry);
          reject(error);
        },
      };
      this.pending.push(entry);
      this.maxConcurrent = Math.max(this.maxConcurrent, this.pending.length);
    });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }

  private remove(entry: PendingGeneration): void {
    const index = this.pending.indexOf(entry);
    if (index >= 0) this.pending.splice(index, 1);
  }
}
