/**
 * @promptjam/models: writes tiny SDXL-layout and SD-layout ONNX model folders (the demo model and test fixtures).
 */
export const MODELS_PACKAGE = '@promptjam/models';
