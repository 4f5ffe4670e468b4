import { describe, expect, it } from 'vitest';
import { BusKind, decodeBusMessage, encodeBusMessage } from './roomBus.js';

describe('room bus messages', () => {
  it('round-trips kind, sender and payload', () => {
    const payload = new Uint8Array([100, 1, 2, 3]);
    const decoded = decodeBusMessage(encodeBusMessage(BusKind.Frame, 'gpu-1:4242', payload));
    expect(decoded.error).toBeUndefined();
    expect(decoded).toMatchObject({ value: { kind: BusKind.Frame, from: 'gpu-1:4242' } });
    expect([...(decoded as { value: { payload: Uint8Array } }).value.payload]).toEqual([...payload]);
  });

  it('names what is wrong with bytes that are not a bus message', () => {
    expect(decodeBusMessage(new Uint8Array([2]))).toEqual({ error: 'a bus message has at least 2 bytes, got 1' });
    expect(decodeBusMessage(new Uint8Array([9, 0]))).toEqual({ error: 'unknown bus message kind 9' });
    expect(decodeBusMessage(new Uint8Array([1, 5, 65]))).toEqual({ error: 'the member id needs 5 bytes, 1 came' });
  });

  it('refuses a member id too long for its length byte', () => {
    expect(() => encodeBusMessage(BusKind.Status, 'x'.repeat(256), new Uint8Array())).toThrow(RangeError);
  });
});
