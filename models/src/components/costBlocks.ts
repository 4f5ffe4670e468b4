import type { GraphBuilder } from '../onnx/GraphBuilder.js';
import { LATENT_CHANNELS } from '../modelSpec.js';
import type { SeededRandom } from '../SeededRandom.js';

/** Channels of the cost blocks (the real SDXL UNet's first stage has 320). */
export const COST_BLOCK_CHANNELS = 64;
/** How much the blocks may change the denoised latent: small, so the picture stays the same at every costScale. */
const COST_BLOCK_OUTPUT_SCALE = 0.02;

/**
 * The costScale knob: `blocks` residual blocks of two 3x3 convolutions with 64 channels at latent resolution,
 * run on the (smooth) denoised estimate and added back with a small weight. They make the UNet cost what a
 * benchmark needs without changing what the images look like. Returns `x0` unchanged when `blocks` is 0.
 */
export function buildCostBlocks(g: GraphBuilder, x0: string, blocks: number, random: SeededRandom): string {
  if (blocks === 0) return x0;
  return g.scoped('cost_blocks', () => {
    const c = COST_BLOCK_CHANNELS;
    const conv = (name: string, input: string, inChannels: number, outChannels: number): string => {
      const fanIn = inChannels * 9;
      const weight = g.weight(`${name}.weight`, random.normals(outChannels * fanIn, 1 / Math.sqrt(fanIn)), [
        outChannels,
        inChannels,
        3,
        3,
      ]);
      const bias = g.weight(`${name}.bias`, new Float32Array(outChannels), [outChannels]);
      return g.op('Conv', [input, weight, bias], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] });
    };
    let hidden = g.op('Tanh', [conv('conv_in', x0, LATENT_CHANNELS, c)]);
    const residualScale = g.scalar('residual_scale', 0.5);
    for (let block = 0; block < blocks; block++) {
      const inner = g.op('Tanh', [conv(`block${block}.conv1`, hidden, c, c)]);
      const update = g.op('Tanh', [conv(`block${block}.conv2`, inner, c, c)]);
      hidden = g.op('Add', [hidden, g.op('Mul', [update, residualScale])]);
    }
    const delta = conv('conv_out', hidden, c, LATENT_CHANNELS);
    return g.op('Add', [x0, g.op('Mul', [delta, g.scalar('output_scale', COST_BLOCK_OUTPUT_SCALE)])]);
  });
}
