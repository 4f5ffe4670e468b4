import { CloseCode, UpgradeStatus, closeCodeName, isSendableCloseCode } from '@promptjam/protocol';
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
    expect(rejectConnection('restarting').code).toBe(1012);
    expect(rejectConnection('internal-error').code).toBe(1011);
    expect(rejectUpgrade('bad-room-name').status).toBe(400);
    expect(rejectUpgrade('token-malformed').status).toBe(401);
    expect(rejectUpgrade('token-forged').status).toBe(403);
    expect(rejectUpgrade('origin-not-allowed').status).toBe(403);
    expect(rejectUpgrade('too-many-connections-from-ip').status).toBe(429);
    expect(rejectUpgrade('server-at-capacity').status).toBe(503);
  });

  it('clamps a long close message to what a close frame carries', () => {
    const r = rejectConnection('malformed-message', 'x'.repeat(500));
    expect(Buffer.byteLength(r.message)).toBeLessThanOrEqual(123);
  });
});
