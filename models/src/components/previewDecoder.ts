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

/** TAESD clamps its input latents softly to about [-3, 3]: `tanh(x / 3) * 3` (madebyollin/taesd, diffusers' AutoencoderTiny). */
const LATENT_CLAMP = 3;

/**
 * preview_decoder/model.onnx: a tiny stand-in for TAESD/TAESDXL's decoder in diffusers' AutoencoderTiny
 * convention (the layout Optimum exports as `vae_decoder`): latent_sample [B,4,h,w], fed unscaled (the tiny VAE's
 * scaling_factor is 1.0) -> sample [B,3,8h,8w] in (-1,1). TAESD's soft latent clamp, the demo VAE's colour map as
 * a 1x1 conv, nearest x8 upsampling (blockier and cheaper than the VAE's bilinear: a preview), then tanh.
 */
export function buildPreviewDecoder(spec: TinyModelSpec): Uint8Array {
  const g = new GraphBuilder('preview_decoder', spec.dtype);
  const latent = g.input('latent_sample', spec.dtype, [BATCH_DIM, LATENT_CHANNELS, LATENT_HEIGHT_DIM, LATENT_WIDTH_DIM]);
  const third = g.op('Mul', [latent, g.scalar('clamp_in', 1 / LATENT_CLAMP)]);
  const clamped = g.op('Mul', [g.op('Tanh', [third]), g.scalar('clamp_out', LATENT_CLAMP)]);
  const convWeight = g.weight('conv_out.weight', COLOUR_MATRIX.flat(), [3, LATENT_CHANNELS, 1, 1]);
  const convBias = g.weight('conv_out.bias', COLOUR_BIAS, [3]);
  const colour = g.op('Conv', [clamped, convWeight, convBias], { kernel_shape: [1, 1] });
  const scales = g.weight('upsample_scales', [1, 1, VAE_SCALE, VAE_SCALE], [4]);
  const upsampled = g.op('Resize', [colour, '', scales], { mode: 'nearest' });
  const rgb = g.op('Tanh', [upsampled]);
  g.output(rgb, 'sample', spec.dtype, [BATCH_DIM, 3, IMAGE_HEIGHT_DIM, IMAGE_WIDTH_DIM]);
  return g.toBytes(`tiny AutoencoderTiny (TAESD-style) decoder (${spec.type}, ${spec.dtype}, scaling_factor 1.0)`);
}
