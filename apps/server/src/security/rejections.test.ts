import { CloseCode, UpgradeStatus, closeAdvice, closeCodeName, isSendableCloseCode } from '@promptjam/protocol';
import { describe, expect, it } from 'vitest';
import { CLOSE_REASONS, UPGRADE_REJECTION_REASONS, rejectConnection, rejectUpgrade } from './rejections.js';

describe('rejections', () => {
  it('every close reason maps to a named, sendable close code', () => {
    for (const reason of CLOSE_REASONS) {
      const r = rejectConnection(reason);
      expect(isSendableCloseCode(r.code), reason).toBe(true);
      expect(closeCodeName(r.code), reason).toBeDefined();
      expect(r.stage).toBe('close');
    }
  });

  it('every upgrade refusal maps to a named HTTP status', () => {
    const statuses = new Set<number>(Object.values(UpgradeStatus));
    for (const reason of UPGRADE_REJECTION_REASONS) expect(statuses.has(rejectUpgrade(reason).status), reason).toBe(true);
  });

  it('uses the documented codes', () => {
    expect(rejectConnection('text-frame').code).toBe(CloseCode.UnsupportedData);
    expect(rejectConnection('malformed-message').code).toBe(1008);
    expect(rejectConnection('message-too-big').code).toBe(1009);
    expect(rejectConnection('viewer-write').code).toBe(4403);
    expect(rejectConnection('token-expired').code).toBe(4401);
    expect(rejectConnection('room-full').code).toBe(4409);
    expect(rejectConnection('rate-limited').code).toBe(4429);
    expect(rejectConnection('overloaded').code).toBe(1013);
    expect(rejectConnection('too-many-connections-from-ip').code).toBe(CloseCode.TooManyConnectionsFromAddress);
    expect(rejectConnection('upgrade-rate-exceeded').code).toBe(CloseCode.ConnectingTooFast);
    expect(rejectConnection('prompt-too-long').code).toBe(CloseCode.PromptTooLong);
    expect(rejectConnection('slow-consumer').code).toBe(CloseCode.SlowConnection);
    expect(rejectConnection('restarting').code).toBe(1012);
    expect(rejectConnection('internal-error').code).toBe(1011);
    expect(rejectUpgrade('bad-room-name').status).toBe(400);
    expect(rejectConnection('token-malformed').code).toBe(CloseCode.TokenInvalid);
    expect(rejectConnection('token-forged').code).toBe(CloseCode.TokenInvalid);
    expect(rejectConnection('token-wrong-room').code).toBe(CloseCode.TokenInvalid);
    expect(rejectUpgrade('origin-not-allowed').status).toBe(403);
    expect(rejectUpgrade('refusing-too-fast').status).toBe(429);
  });

  it('gives every refusal of what a client sent a code the page treats as final, so it is never resent blindly', () => {
    const sent = ['text-frame', 'malformed-message', 'unknown-message-type', 'invalid-update', 'message-too-big', 'update-too-big', 'document-too-big', 'prompt-too-long', 'value-too-big', 'awareness-too-big', 'viewer-write'] as const;
    for (const reason of sent) expect(closeAdvice(rejectConnection(reason).code).retry.kind, reason).toBe('final');
  });

  it('clamps a long close message to what a close frame carries', () => {
    const r = rejectConnection('malformed-message', 'x'.repeat(500));
    expect(Buffer.byteLength(r.message)).toBeLessThanOrEqual(123);
  });
});
