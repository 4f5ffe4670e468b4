import type { GraphBuilder } from '../onnx/GraphBuilder.js';
import { LATENT_CHANNELS } from '../modelSpec.js';
import type { SeededRandom } from '../SeededRandom.js';

/** Channels of the cost blocks (the real SDXL UNet's first stage has 320). */
export const COST_BLOCK_CHANNELS = 64;
/** How much the blocks may change the denoised latent: small, so the picture stays the same at every costScale. */
const COST_BLOCK_OUTPUT_SCALE = 0.02;

/**
 * The costScale knob: `blocks` residual blocks of two 3x3 convolutions with 64 channels at latent resolution
 * (about 0.3 GMAC per block for a 512x512 image),
 * run on the (smooth) denoised estimate and added back with a small weight. They make the UNet cost what a
 * benchmark needs without changing what the images look like. Returns `x0` unchanged when `blocks` is 0.
 */
export function buildCostBlocks(g: GraphBuilder, x0: string, blocks: number, random: SeededRandom): string {
  if (blocks === 0) return x0;
  return g.scoped('cost_blocks', () => {
    const c = COST_BLOCK_CHANNELS;
    const convWeights = (name: string, inChannels: number, outChannels: number): [string, string] => {
      const fanIn = inChannels * 9;
      const weight = g.weight(`${name}.weight`, random.normals(outChannels * fanIn, 1 / Math.sqrt(fanIn)), [
        outChannels,
        inChannels,
        3,
        3,
      ]);
      return [weight, g.weight(`${name}.bias`, new Float32Array(outChannels), [outChannels])];
    };
    const conv = (input: string, [weight, bias]: [string, string]): string =>
      g.op('Conv', [input, weight, bias], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] });
    const convIn = convWeights('conv_in', LATENT_CHANNELS, c);
    // Every block applies the same two convolutions (a recurrent refinement): the cost grows with `blocks`
    // while the file stays small, and with a 1/blocks step the hidden state stays bounded at any depth.
    const conv1 = convWeights('block.conv1', c, c);
    const conv2 = convWeights('block.conv2', c, c);
    const convOut = convWeights('conv_out', c, LATENT_CHANNELS);
    let hidden = g.op('Tanh', [conv(x0, convIn)]);
    const residualScale = g.scalar('residual_scale', 1 / blocks);
    for (let block = 0; block < blocks; block++) {
      const update = g.op('Tanh', [conv(g.op('Tanh', [conv(hidden, conv1)]), conv2)]);
      hidden = g.op('Add', [hidden, g.op('Mul', [update, residualScale])]);
    }
    const delta = conv(hidden, convOut);
    return g.op('Add', [x0, g.op('Mul', [delta, g.scalar('output_scale', COST_BLOCK_OUTPUT_SCALE)])]);
  });
}
