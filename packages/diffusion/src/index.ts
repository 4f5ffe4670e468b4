/**
 * @promptjam/diffusion: SDXL Turbo / SD Turbo on onnxruntime-node. Knows nothing about rooms or sockets.
 */
export type {
  DevicePreference,
  EngineInfo,
  GenerateRequest,
  GenerateResult,
  ImageEngine,
  ImageFormat,
  StageTimings,
} from './engine/types.js';
