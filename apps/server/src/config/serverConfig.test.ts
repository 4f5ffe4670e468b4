import { describe, expect, it } from 'vitest';
import { ConfigError } from './optionParsers.js';
import { allOptionSpecs, defaultServerConfig, mergeServerConfig, resolveServerConfig } from './serverConfig.js';

describe('server configuration', () => {
  it('takes a flag over an environment variable over the default', () => {
    const env = { PROMPTJAM_PORT: '9000', PROMPTJAM_DEBOUNCE_MS: '20' };
    const config = resolveServerConfig({ port: '9100' }, env);
    expect(config.port).toBe(9100);
    expect(config.debounceMs).toBe(20);
    expect(config.maxWaitMs).toBe(defaultServerConfig().maxWaitMs);
    expect(resolveServerConfig({}, { PROMPTJAM_MAX_RENDER_QUEUE: '3' }).limits.maxRenderQueue).toBe(3);
  });

  it('treats an empty variable as unset and `auto` as no model', () => {
    expect(resolveServerConfig({}, { PROMPTJAM_PORT: '' }).port).toBe(8787);
    expect(resolveServerConfig({ model: 'auto' }, {}).model).toBeUndefined();
    expect(resolveServerConfig({}, { PROMPTJAM_MODEL: 'sd-turbo' }).model).toBe('sd-turbo');
  });

  it('names the flag or variable, what it accepts and what came', () => {
    expect(() => resolveServerConfig({ device: 'gpu' }, {})).toThrow('--device must be one of auto|cuda|webgpu|cpu, got "gpu"');
    expect(() => resolveServerConfig({}, { PROMPTJAM_PORT: '70000' })).toThrow(ConfigError);
    expect(() => resolveServerConfig({}, { PROMPTJAM_PORT: '1.5' })).toThrow(/PROMPTJAM_PORT must be an integer/);
    expect(() => resolveServerConfig({ 'debounce-ms': '200', 'max-wait-ms': '100' }, {})).toThrow(/maxWaitMs must be at least debounceMs/);
  });

  it('validates programmatic options with the same schema', () => {
    expect(mergeServerConfig({ port: 0, limits: { maxRenderQueue: 2 } })).toMatchObject({ port: 0, limits: { maxRenderQueue: 2 } });
    expect(() => mergeServerConfig({ imageQuality: 0 })).toThrow(/options.imageQuality must be an integer in \[1, 100\]/);
    expect(() => mergeServerConfig({ limits: { frameSkipBufferedBytes: 10_000_000, maxBufferedBytes: 5_000_000 } })).toThrow(/above frameSkipBufferedBytes/);
    expect(() => mergeServerConfig({ nonsense: 1 } as never)).toThrow(ConfigError);
  });

  it('gives every option a distinct flag and PROMPTJAM_ variable', () => {
    const specs = allOptionSpecs();
    expect(new Set(specs.map((s) => s.flag)).size).toBe(specs.length);
    expect(new Set(specs.map((s) => s.env)).size).toBe(specs.length);
    for (const spec of specs) expect(spec.env).toMatch(/^PROMPTJAM_[A-Z0-9_]+$/);
  });
});
