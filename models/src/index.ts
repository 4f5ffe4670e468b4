/**
 * @promptjam/models: writes tiny SDXL-layout and SD-layout ONNX model folders with the file names, tensor names,
 * ranks and dtype variants of the real SDXL Turbo / SD Turbo exports (the shared model-folder contract), but tiny
 * inner dimensions and fixed seeded weights. They are the product's embedded demo model and the engine's fixtures.
 */
export { PREVIEW_DECODER_FOLDER, writeTinyModel } from './writeTinyModel.js';
export { DEMO_MODEL_DIR, MODELS_ROOT, ensureDemoModel, writeDemoModel } from './demoModel.js';
export {
  BATCH_DIM,
  IMAGE_HEIGHT_DIM,
  IMAGE_WIDTH_DIM,
  LATENT_HEIGHT_DIM,
  LATENT_WIDTH_DIM,
  MAX_COST_SCALE,
  SD_VAE_SCALING_FACTOR,
  SDXL_VAE_SCALING_FACTOR,
  TinyModelOptionError,
  resolveSpec,
} from './modelSpec.js';
export type {
  InputIdsType,
  TextEncoderSpec,
  TimestepShape,
  TimestepType,
  TinyModelDtype,
  TinyModelOptions,
  TinyModelSpec,
  TinyModelType,
  VaeEncoderOutput,
} from './modelSpec.js';
export { DEMO_MARKER_KEY, DISPLAY_NAME_KEY, GENERATOR_VERSION_KEY, TINY_MODEL_GENERATOR_VERSION } from './configs.js';
export { COST_BLOCK_CHANNELS } from './components/costBlocks.js';
export { toFloat16Array, fromFloat16Array, toFloat16Bits, fromFloat16Bits } from './onnx/float16.js';
export { decodeModelExact, encodeModelExact, OnnxDataType, type EditableModel, type EditableNode, type EditableValueInfo } from './onnx/onnxSchema.js';
