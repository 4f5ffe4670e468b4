import { describe, expect, it } from 'vitest';
import { decodeServerMessage } from './serverMessage.js';
import { encodeFrameMessage, type FrameMetadata } from './frame.js';
import { encodeStatusMessage } from './status.js';
import { MessageType } from './messageTypes.js';

const metadata: FrameMetadata = {
  seq: 7,
  prompt: 'a lighthouse at dusk, oil painting',
  params: { seed: 1, steps: 2, width: 512, height: 512, strength: 0.5 },
  mime: 'image/jpeg',
  width: 512,
  height: 512,
  model: 'demo (tiny sdxl)',
  demo: true,
  genMs: 12.5,
  startedAt: 1_700_000_000_000,
  quality: 'preview',
};

describe('frame messages', () => {
  it('round-trips metadata and image bytes', () => {
    const image = new Uint8Array([0xff, 0xd8, 1, 2, 3, 0xff, 0xd9]);
    const decoded = decodeServerMessage(encodeFrameMessage(metadata, image));
    expect(decoded.error).toBeUndefined();
    expect(decoded.value).toEqual({ type: MessageType.Frame, metadata, image });
  });

  it('reports truncated frames as errors, not exceptions', () => {
    const bytes = encodeFrameMessage(metadata, new Uint8Array(1000));
    for (const cut of [1, 2, 10, bytes.length - 1]) {
      expect(decodeServerMessage(bytes.subarray(0, cut)).error).toMatch(/malformed|missing/);
    }
  });

  it('reads a frame without a known quality (an older server) as refined', () => {
    for (const quality of [undefined, 'ultra']) {
      const bytes = encodeFrameMessage({ ...metadata, quality } as unknown as FrameMetadata, new Uint8Array([1]));
      const decoded = decodeServerMessage(bytes);
      expect(decoded.value).toMatchObject({ metadata: { quality: 'refined' } });
    }
  });

  it('rejects metadata without required fields', () => {
    const { seq: _seq, ...partial } = metadata;
    const bytes = encodeFrameMessage(partial as FrameMetadata, new Uint8Array());
    expect(decodeServerMessage(bytes).error).toBe('frame metadata is missing required fields');
  });
});

describe('status messages', () => {
  it('round-trips a queued status', () => {
    const status = { state: 'queued' as const, position: 3, model: 'sdxl-turbo', demo: false };
    expect(decodeServerMessage(encodeStatusMessage(status)).value).toEqual({ type: MessageType.Status, status });
  });

  it('rejects unknown render states', () => {
    const bytes = encodeStatusMessage({ state: 'dancing' as never, model: 'x', demo: false });
    expect(decodeServerMessage(bytes).error).toMatch(/unknown render state dancing/);
  });
});

describe('decodeServerMessage', () => {
  it('passes y-protocols messages through as null and rejects unknown types', () => {
    expect(decodeServerMessage(new Uint8Array([0, 0, 1, 0]))).toEqual({ value: null });
    expect(decodeServerMessage(new Uint8Array([42])).error).toBe('unknown message type 42');
    expect(decodeServerMessage(new Uint8Array([])).error).toBe('empty or truncated message');
  });
});
