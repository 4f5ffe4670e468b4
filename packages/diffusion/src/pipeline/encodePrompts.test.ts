import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSignature, type ModelSignature } from '../modelFolder/checkSignature.js';
import { loadModelFolder } from '../modelFolder/loadModelFolder.js';
import { readFloats, type HostTensor } from '../ort/hostTensor.js';
import { createSessions } from '../ort/createSessions.js';
import type { OnnxSession } from '../ort/onnxSession.js';
import { REAL_EXPORT_FOLDERS, REAL_EXPORTS_DIR } from '../test/realExports.js';
import type { ClipTokenizer } from '../tokenizer/ClipTokenizer.js';
import { loadTokenizer } from '../tokenizer/loadTokenizer.js';
import { encodePrompt, encodePrompts, textEncodersAcceptBatch, type TextEncoders } from './encodePrompt.js';
import { StageTimer } from './StageTimer.js';

/**
 * Batched prompt encoding: M prompts in one text-encoder run per encoder give, row for row, the conditioning each
 * prompt gets alone. The batched kernels may sum in another order, so values are compared with a tolerance scaled
 * to the tensor's dtype (fp16 keeps ~3 significant digits).
 */
const PROMPTS = ['a red fox in the snow', 'a lighthouse in a storm, oil painting', 'neon city in the rain at night'];
const quiet = (): void => {};

function maxAbsDiff(a: HostTensor, b: HostTensor): number {
  const x = readFloats(a, 'a');
  const y = readFloats(b, 'b');
  expect(x.length).toBe(y.length);
  let max = 0;
  for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i]! - y[i]!));
  return max;
}

describe.each(REAL_EXPORT_FOLDERS)('encodePrompts on the real export %s', (name) => {
  let sessions: Record<string, OnnxSession>;
  let signature: ModelSignature;
  let tokenizers: ClipTokenizer[];
  let encoders: TextEncoders;
  let runs = 0;
  beforeAll(async () => {
    const folder = await loadModelFolder(join(REAL_EXPORTS_DIR, name));
    tokenizers = await Promise.all(folder.tokenizerDirs.map((dir) => loadTokenizer(dir)));
    ({ sessions } = await createSessions(folder.components, 'cpu', quiet));
    signature = checkSignature(folder.type, sessions);
    // Counts real runs on the real sessions (a pass-through, the session still does the work).
    const counted = (session: OnnxSession): OnnxSession =>
      Object.assign(Object.create(session) as OnnxSession, {
        run: (...args: Parameters<OnnxSession['run']>) => {
          runs++;
          return session.run(...args);
        },
      });
    const textSessions = signature.textEncoders.map((_, i) => sessions[i === 0 ? 'text_encoder' : 'text_encoder_2']!);
    encoders = { sessions: textSessions.map(counted), signature };
  });
  afterAll(async () => {
    await Promise.all(Object.values(sessions ?? {}).map((s) => s.release()));
  });

  const idsOf = (prompt: string): Int32Array[] => tokenizers.map((t) => t.tokenize(prompt).ids);

  it('runs each encoder once for the whole batch, and every row matches the prompt encoded alone', async () => {
    expect(textEncodersAcceptBatch(signature)).toBe(true);
    runs = 0;
    const batched = await encodePrompts(PROMPTS.map(idsOf), encoders, new StageTimer());
    expect(runs).toBe(signature.textEncoders.length);
    expect(batched).toHaveLength(PROMPTS.length);
    const tolerance = signature.unet.encoderHiddenStates.type === 'float16' ? 2e-2 : 1e-4;
    for (const [m, prompt] of PROMPTS.entries()) {
      const alone = await encodePrompt(idsOf(prompt), encoders, new StageTimer());
      const row = batched[m]!;
      expect(row.encoderHiddenStates.dims).toEqual(alone.encoderHiddenStates.dims);
      expect(row.encoderHiddenStates.type).toBe(alone.encoderHiddenStates.type);
      expect(maxAbsDiff(row.encoderHiddenStates, alone.encoderHiddenStates), prompt).toBeLessThanOrEqual(tolerance);
      if (alone.textEmbeds) expect(maxAbsDiff(row.textEmbeds!, alone.textEmbeds), prompt).toBeLessThanOrEqual(tolerance);
    }
    // Different prompts stay different conditioning inside one batch.
    expect(maxAbsDiff(batched[0]!.encoderHiddenStates, batched[1]!.encoderHiddenStates)).toBeGreaterThan(tolerance);
  });

  it('refuses prompts whose id rows differ in length', async () => {
    const short = idsOf(PROMPTS[0]!).map((ids) => ids.subarray(0, 10));
    await expect(encodePrompts([idsOf(PROMPTS[1]!), short], encoders, new StageTimer())).rejects.toThrow(/differ in length/);
  });
});
