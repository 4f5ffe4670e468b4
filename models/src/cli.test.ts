import { describe, expect, it } from 'vitest';
import { parseCli } from './cli.js';
import { DEMO_MODEL_DIR } from './demoModel.js';
import { TinyModelOptionError } from './modelSpec.js';

describe('parseCli', () => {
  it('parses a write command with every option', () => {
    const parsed = parseCli([
      'write', '--type', 'sd', '--dtype', 'float16', '--out', '/tmp/x', '--cost-scale', '3', '--with-vae-encoder',
      '--timestep-type', 'int64', '--timestep-shape', 'batch', '--ids-type', 'int64', '--name', 'bench model',
    ]);
    expect(parsed).toEqual({
      command: 'write',
      options: expect.objectContaining({
        dir: '/tmp/x', type: 'sd', dtype: 'float16', costScale: 3, withVaeEncoder: true,
        timestepType: 'int64', timestepShape: 'batch', inputIdsType: 'int64', displayName: 'bench model',
      }),
    });
  });

  it('defaults the demo command to DEMO_MODEL_DIR', () => {
    expect(parseCli(['demo'])).toEqual({ command: 'demo', out: DEMO_MODEL_DIR });
  });

  it('names what is missing or unknown', () => {
    expect(() => parseCli(['write', '--type', 'sd', '--dtype', 'float32'])).toThrow(TinyModelOptionError);
    expect(() => parseCli(['paint'])).toThrow(/command: expected demo or write, found "paint"/);
    expect(() => parseCli(['write', '--bogus'])).toThrow();
  });
});
