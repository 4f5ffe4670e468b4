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
import { COLOUR_BIAS, colourPseudoInverse } from './vaeColour.js';

/** logvar written into latent_parameters (a confident encoder: std = exp(-3) ~ 0.05). */
const ENCODER_LOGVAR = -6;
/** Keeps atanh finite for pixels at exactly -1 or 1. */
const PIXEL_LIMIT = 0.995;

/**
 * vae_encoder/model.onnx: sample [B,3,H,W] in [-1,1] -> latent_sample [B,4,h,w] (older exports) or
 * latent_parameters [B,8,h,w] (mean then logvar, newer Optimum). It approximately inverts the decoder:
 * atanh of the pixels, 8x8 average, then the colour map's pseudo-inverse divided by scaling_factor, so
 * decode(encode(image)) gives back a blurred version of the image.
 */
export function buildVaeEncoder(spec: TinyModelSpec): Uint8Array {
  const g = new GraphBuilder('vae_encoder', spec.dtype);
  const image = g.input('sample', spec.dtype, [BATCH_DIM, 3, IMAGE_HEIGHT_DIM, IMAGE_WIDTH_DIM]);
  const limited = g.op('Clip', [image, g.scalar('pixel_min', -PIXEL_LIMIT), g.scalar('pixel_max', PIXEL_LIMIT)]);
  const preTanh = g.op('Atanh', [limited]);
  const cells = g.op('AveragePool', [preTanh], {
    kernel_shape: [VAE_SCALE, VAE_SCALE],
    strides: [VAE_SCALE, VAE_SCALE],
    ceil_mode: 1,
  });
  const inverse = colourPseudoInverse();
  const meanWeights = inverse.flatMap((row) => row.map((value) => value / spec.vaeScalingFactor));
  const meanBias = inverse.map(
    (row) => -row.reduce((sum, value, j) => sum + value * (COLOUR_BIAS[j] ?? 0), 0) / spec.vaeScalingFactor,
  );
  const withLogvar = spec.vaeEncoderOutput === 'latent_parameters';
  const outChannels = withLogvar ? 2 * LATENT_CHANNELS : LATENT_CHANNELS;
  const weights = withLogvar ? [...meanWeights, ...new Array<number>(LATENT_CHANNELS * 3).fill(0)] : meanWeights;
  const bias = withLogvar ? [...meanBias, ...new Array<number>(LATENT_CHANNELS).fill(ENCODER_LOGVAR)] : meanBias;
  const convWeight = g.weight('quant_conv.weight', weights, [outChannels, 3, 1, 1]);
  const convBias = g.weight('quant_conv.bias', bias, [outChannels]);
  const conv = g.op('Conv', [cells, convWeight, convBias], { kernel_shape: [1, 1] });
  g.output(conv, spec.vaeEncoderOutput, spec.dtype, [BATCH_DIM, outChannels, LATENT_HEIGHT_DIM, LATENT_WIDTH_DIM]);
  return g.toBytes(`tiny AutoencoderKL encoder (${spec.type}, ${spec.dtype}, ${spec.vaeEncoderOutput})`);
}
