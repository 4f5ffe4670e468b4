import type { FrameMetadata } from '@promptjam/protocol';

/** Frame metadata for the bench tests' broadcasts (values only need to survive a round trip). */
export const SAMPLE_FRAME_METADATA: FrameMetadata = {
  seq: 7,
  prompt: 'a lighthouse',
  params: { seed: 1, steps: 1, width: 512, height: 512, strength: 0.5 },
  mime: 'image/jpeg',
  width: 512,
  height: 512,
  model: 'demo (tiny sdxl)',
  demo: true,
  genMs: 12.5,
  startedAt: 1_700_000_000_000,
  quality: 'refined',
};
