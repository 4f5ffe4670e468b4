import { readFile, writeFile } from 'node:fs/promises';
import type { GenerateRequest, GenerateResult, ImageFormat } from '@promptjam/diffusion';
import { UsageError, type Command } from '../command.js';
import { DEVICE_VALUE_NAME, parseDeviceOption, parseWebGpuOptions, WEBGPU_FLAGS } from '../deviceOption.js';

function integerOption(values: Record<string, unknown>, name: string): number {
  const raw = values[name] as string;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new UsageError(`--${name} must be an integer, got '${raw}'`);
  return value;
}

function formatTimings(result: GenerateResult): string {
  const stages = Object.entries(result.timings)
    // Stages only: a flag, and `modelWork`, the span from the start to the end of the model work (not a stage).
    .filter(([stage]) => stage !== 'textCacheHit' && stage !== 'modelWork')
    .map(([stage, ms]) => `${stage} ${ms.toFixed(1)}`);
  return `${result.genMs.toFixed(1)} ms (${stages.join(', ')})`;
}

/** `promptjam generate`: one image from a model folder (the demo model by default), timings on stdout. */
export const generateCommand: Command = {
  name: 'generate',
  summary: 'Generate one image from a prompt and write it to a file',
  usage: '--prompt "text" [options]',
  options: {
    model: { type: 'string', valueName: 'dir', description: 'Model folder (diffusers ONNX layout); default: the tiny demo model' },
    prompt: { type: 'string', valueName: 'text', description: 'The prompt' },
    seed: { type: 'string', default: '42', valueName: 'n', description: 'Noise seed, 0-4294967295' },
    steps: { type: 'string', default: '1', valueName: 'n', description: 'Denoising steps, 1-4' },
    width: { type: 'string', default: '512', valueName: 'px', description: 'Width, a multiple of 8' },
    height: { type: 'string', default: '512', valueName: 'px', description: 'Height, a multiple of 8' },
    format: { type: 'string', default: 'jpeg', valueName: 'jpeg|webp', description: 'Output encoding' },
    quality: { type: 'string', default: '85', valueName: '1-100', description: 'Encoder quality' },
    out: { type: 'string', valueName: 'file', description: 'Output file; default promptjam-<seed>.<jpg|webp>' },
    device: { type: 'string', default: 'auto', valueName: DEVICE_VALUE_NAME, description: 'Execution provider; auto: CUDA, else WebGPU, else CPU' },
    'init-image': { type: 'string', valueName: 'file', description: 'img2img: start from this image (needs a vae_encoder)' },
    strength: { type: 'string', valueName: '0-1', description: 'img2img strength (default 0.5); steps * strength >= 1' },
    ...WEBGPU_FLAGS,
    'preview-decoder': { type: 'string', valueName: 'dir', description: 'TAESD-style tiny decoder folder; decodes with it instead of the VAE' },
  },
  async run({ values }) {
    const prompt = values.prompt as string | undefined;
    if (prompt === undefined) throw new UsageError('--prompt is required');
    const device = parseDeviceOption(values.device);
    const webgpu = parseWebGpuOptions(values);
    const format = values.format as ImageFormat;
    if (format !== 'jpeg' && format !== 'webp') throw new UsageError(`--format must be jpeg or webp, got '${format}'`);
    const strength = values.strength === undefined ? undefined : Number(values.strength);
    const initImage = values['init-image'] === undefined ? undefined : new Uint8Array(await readFile(values['init-image'] as string));
    const previewDecoderDir = values['preview-decoder'] as string | undefined;
    const request: GenerateRequest = {
      prompt,
      seed: integerOption(values, 'seed'),
      steps: integerOption(values, 'steps'),
      width: integerOption(values, 'width'),
      height: integerOption(values, 'height'),
      format,
      quality: integerOption(values, 'quality'),
      preview: previewDecoderDir !== undefined,
      ...(initImage ? { initImage, strength: strength ?? 0.5 } : strength !== undefined ? { strength } : {}),
    };
    // Imported on use: the engine loads native onnxruntime and sharp, which other commands do not need.
    const { createEngine, validateRequest } = await import('@promptjam/diffusion');
    // Check the request before spending seconds on loading the model (img2img's vae_encoder is checked later).
    validateRequest(request, { hasVaeEncoder: true });
    const modelDir = (values.model as string | undefined) ?? (await (await import('@promptjam/models')).ensureDemoModel());
    const out = (values.out as string | undefined) ?? `promptjam-${request.seed}.${format === 'jpeg' ? 'jpg' : 'webp'}`;

    const loadStart = performance.now();
    const engine = await createEngine({ modelDir, device, thread: 'inline', ...(previewDecoderDir ? { previewDecoderDir } : {}), ...(webgpu ? { webgpu } : {}) });
    try {
      const { info } = engine;
      process.stderr.write(
        // The engine has already logged why the provider differs from the one asked for, if it does.
        `model ${info.modelName} (${info.modelType} ${info.dtype}${info.demo ? ', demo model' : ''}) on ${info.provider},` +
          ` loaded in ${(performance.now() - loadStart).toFixed(0)} ms\n`,
      );
      const result = await engine.generate(request);
      await writeFile(out, result.image);
      process.stdout.write(`wrote ${out} (${result.width}x${result.height} ${result.mime}, ${result.image.length} bytes) in ${formatTimings(result)}\n`);
      return 0;
    } finally {
      await engine.dispose();
    }
  },
};
