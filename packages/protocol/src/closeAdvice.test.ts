import { describe, expect, it } from 'vitest';
import { CLOSE_ADVICE, UNKNOWN_CLOSE_ADVICE, closeAdvice } from './closeAdvice.js';
import { CloseCode } from './closeCodes.js';

describe('close advice', () => {
  it('has an entry with a message and a policy for every close code', () => {
    for (const [name, code] of Object.entries(CloseCode)) {
      const advice = CLOSE_ADVICE[code];
      expect(advice, name).toBeDefined();
      expect(advice.message.length, name).toBeGreaterThan(10);
      expect(['final', 'backoff', 'after'], name).toContain(advice.retry.kind);
      if (advice.retry.kind === 'after') expect(advice.retry.seconds, name).toBeGreaterThan(0);
    }
    expect(Object.keys(CLOSE_ADVICE).sort()).toEqual(Object.values(CloseCode).map(String).sort());
  });

  it('never retries blindly a refusal that the same data would meet again', () => {
    const repeated = [
      CloseCode.MessageTooBig,
      CloseCode.PromptTooLong,
      CloseCode.DocumentTooBig,
      CloseCode.ValueTooBig,
      CloseCode.PresenceTooBig,
      CloseCode.EditRefused,
      CloseCode.WriteForbidden,
      CloseCode.TokenExpired,
      CloseCode.FieldLocked,
      CloseCode.ViewerOnly,
      // A removed person's page does not come back by itself; the ban would refuse it anyway.
      CloseCode.RemovedByHost,
      CloseCode.StillRemoved,
    ];
    for (const code of repeated) expect(closeAdvice(code).retry, String(code)).toEqual({ kind: 'final' });
  });

  it('waits before retrying refusals that clear with time, and backs off on transient faults', () => {
    for (const code of [CloseCode.RoomFull, CloseCode.RateLimited, CloseCode.TooManyConnectionsFromAddress, CloseCode.ConnectingTooFast, CloseCode.TryAgainLater]) {
      expect(closeAdvice(code).retry.kind, String(code)).toBe('after');
    }
    for (const code of [CloseCode.ServiceRestart, CloseCode.InternalError, CloseCode.SlowConnection]) {
      expect(closeAdvice(code).retry.kind, String(code)).toBe('backoff');
    }
  });

  it('treats codes the server did not choose (1006, a newer server’s) as a lost connection', () => {
    expect(closeAdvice(1006)).toBe(UNKNOWN_CLOSE_ADVICE);
    expect(closeAdvice(4999)).toBe(UNKNOWN_CLOSE_ADVICE);
  });
});
