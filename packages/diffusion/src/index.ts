/**
 * @promptjam/diffusion: the model engine. Runs SDXL Turbo / SD Turbo ONNX exports (diffusers/Optimum
 * layout) on onnxruntime-node, in a worker thread, and returns encoded frames with stage timings.
 */
export type {
  BatchGeneration,
  DevicePreference,
  EngineInfo,
  GenerateRequest,
  GenerateResult,
  ImageEngine,
  ImageFormat,
  ModelWorkSpan,
  PromptTokenUsage,
  RawImage,
  StageTimings,
} from './engine/types.js';
export { DEVICE_PREFERENCES, epochNowMs } from './engine/types.js';
export { createEngine, type EngineOptions } from './engine/createEngine.js';
export { settleBatch } from './engine/batchGeneration.js';
export { WorkerEngine, workerScriptPath } from './engine/WorkerEngine.js';
export { InThreadEngine } from './engine/InThreadEngine.js';
export { DiffusionPipeline, type PipelineOptions } from './pipeline/DiffusionPipeline.js';
export {
  MAX_SEED,
  MAX_SIZE_PX,
  MAX_STEPS,
  MIN_SIZE_PX,
  MIN_STEPS,
  SIZE_MULTIPLE_PX,
  DEFAULT_FORMAT,
  DEFAULT_QUALITY,
  validateRequest,
  type RequestRules,
} from './pipeline/validateRequest.js';
export { DEFAULT_TEXT_CACHE_ENTRIES } from './pipeline/TextEmbeddingCache.js';
export { inspectModel, type ModelReport, type ComponentReport } from './modelFolder/inspectModel.js';
export { loadModelFolder, DEFAULT_VAE_SCALING_FACTOR, type ModelFolder, type ModelType, type ComponentName } from './modelFolder/loadModelFolder.js';
export { ClipTokenizer, CLIP_MAX_LENGTH, type TokenizedText } from './tokenizer/ClipTokenizer.js';
export { loadTokenizer, readTokenizerSettings, type TokenizerSettings } from './tokenizer/loadTokenizer.js';
export { EulerDiscreteScheduler } from './schedulers/EulerDiscreteScheduler.js';
export { EulerAncestralDiscreteScheduler } from './schedulers/EulerAncestralDiscreteScheduler.js';
export { createScheduler, type Scheduler } from './schedulers/createScheduler.js';
export { parseSchedulerConfig, SDXL_TURBO_SCHEDULER_CONFIG, type SchedulerConfig } from './schedulers/schedulerConfig.js';
export { SeededRandom } from './random/SeededRandom.js';
export type { TensorSpec } from './ort/hostTensor.js';
export { CUDA_INSTALL_HINT } from './ort/onnxSession.js';
export { defaultMaxBatch, type Provider, type WebGpuOptions } from './ort/executionProviders.js';
export { checkWebGpu, diagnoseWebGpu, VULKAN_DRIVER_FIX, VULKAN_LOADER_FIX, type WebGpuStatus, type WebGpuUnavailableReason } from './ort/webgpuAvailability.js';
export { inspectVulkanInstall, type VulkanInstall } from './ort/vulkanInstall.js';
export { onnxruntimeNodeDir, probeProvider, PROBE_TIMEOUT_MS, type ProbedProvider, type ProbeResult } from './ort/providerProbe.js';
export {
  DiffusionError,
  EngineClosedError,
  ExecutionProviderError,
  InferenceError,
  InvalidRequestError,
  ModelFolderError,
  ModelTensorError,
  SchedulerConfigError,
  TokenizerError,
  WebGpuUnavailableError,
} from './errors.js';
export { measureEngineOverhead, type EngineOverhead, type OverheadOptions } from './bench/measureEngineOverhead.js';
export { measureTokenizerThroughput, type TokenizerThroughput } from './bench/measureTokenizer.js';
export { summarize, type DurationSummary } from './bench/stats.js';
