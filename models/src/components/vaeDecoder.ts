import { GraphBuilder } from '../onnx/GraphBuilder.js';
import {
  BATCH_DIM,
  IMAGE_HEIGHT_DIM,
  IMAGE_WIDTH_DIM,
  LATENT_CHANNELS,
  LATENT_HEIGHT_DIM,
  LATENT_WIDTH_DIM,
  VAE_SCALE,
  type TinyModelSpec,
} from '../modelSpec.js';
import { COLOUR_BIAS, COLOUR_MATRIX } from './vaeColour.js';

/**
 * vae_decoder/model.onnx: latent_sample [B,4,h,w] -> sample [B,3,8h,8w] in (-1,1). A 1x1 conv (the colour map
 * times scaling_factor, which undoes the engine's latents / scaling_factor), bilinear x8 upsampling, then tanh.
 * Both first steps are linear, so converting to 3 channels before upsampling only saves work; tanh comes after
 * the interpolation so the picture stays smooth.
 */
export function buildVaeDecoder(spec: TinyModelSpec): Uint8Array {
  const g = new GraphBuilder('vae_decoder', spec.dtype);
  const latent = g.input('latent_sample', spec.dtype, [BATCH_DIM, LATENT_CHANNELS, LATENT_HEIGHT_DIM, LATENT_WIDTH_DIM]);
  const weights = COLOUR_MATRIX.flatMap((row) => row.map((value) => value * spec.vaeScalingFactor));
  const convWeight = g.weight('conv_out.weight', weights, [3, LATENT_CHANNELS, 1, 1]);
  const convBias = g.weight('conv_out.bias', COLOUR_BIAS, [3]);
  const preTanh = g.op('Conv', [latent, convWeight, convBias], { kernel_shape: [1, 1] });
  const scales = g.weight('upsample_scales', [1, 1, VAE_SCALE, VAE_SCALE], [4]);
  const upsampled = g.op('Resize', [preTanh, '', scales], {
    mode: 'linear',
    coordinate_transformation_mode: 'half_pixel',
  });
  const rgb = g.op('Tanh', [upsampled]);
  g.output(rgb, 'sample', spec.dtype, [BATCH_DIM, 3, IMAGE_HEIGHT_DIM, IMAGE_WIDTH_DIM]);
  return g.toBytes(`tiny AutoencoderKL decoder (${spec.type}, ${spec.dtype}, scaling_factor ${spec.vaeScalingFactor})`);
}
