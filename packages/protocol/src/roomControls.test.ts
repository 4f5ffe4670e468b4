import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import { encodeHostGrantMessage, readHostGrantBody } from './hostGrant.js';
import { presenceRole } from './hostRoles.js';
import { MessageType } from './messageTypes.js';
import { describeHostAction, readRoomControls, type HostAction } from './roomControls.js';
import { decodeServerMessage } from './serverMessage.js';

describe('room controls', () => {
  it('reads locks, view-only, hostSince and a log of every action kind, skipping malformed entries', () => {
    const log: HostAction[] = [
      { by: 'Ada', action: 'lock', field: 'sketch', at: 1 },
      { by: 'Ada', action: 'viewer-only', at: 2 },
      { by: 'Ada', action: 'remove', target: 'Bo', at: 3 },
      { by: '', action: 'clear', field: 'prompt', at: 4 },
    ];
    const controls = readRoomControls({
      locked: ['prompt', 'bogus'],
      viewerOnly: true,
      hostSince: 1700000000,
      log: [...log, { by: 'x', action: 'remove', at: 5 }, { by: 'x', action: 'explode', at: 6 }, { by: 'x', action: 'clear', field: 'nope', at: 7 }, null],
    });
    expect([...controls.locked]).toEqual(['prompt']);
    expect(controls.viewerOnly).toBe(true);
    expect(controls.hostSince).toBe(1700000000);
    expect(controls.log).toEqual(log);
    expect(readRoomControls({ viewerOnly: 'yes', hostSince: 'soon' })).toMatchObject({ viewerOnly: false, hostSince: 0, ownerSince: 0 });
  });

  it('reads the owner record and the revoked co-host links, skipping malformed ids', () => {
    const controls = readRoomControls({ hostSince: 5, ownerSince: 7, revokedHosts: ['abcdefgh', 3, null, 'ijklmnop'] });
    expect(controls.ownerSince).toBe(7);
    expect([...controls.revokedHosts]).toEqual(['abcdefgh', 'ijklmnop']);
    expect(readRoomControls({ ownerSince: 'x', revokedHosts: 'abcdefgh' })).toMatchObject({ ownerSince: 0, revokedHosts: new Set() });
  });

  it('reads the server-stamped role from presence only when it is a host role', () => {
    expect(presenceRole({ user: { name: 'Ada' }, role: 'owner' })).toBe('owner');
    expect(presenceRole({ role: 'host' })).toBe('host');
    expect(presenceRole({ role: 'admin' })).toBeNull();
    expect(presenceRole({ user: { name: 'Bo' } })).toBeNull();
    expect(presenceRole(null)).toBeNull();
  });

  it('describes each action in words', () => {
    const say = (entry: Omit<HostAction, 'at'>): string => describeHostAction({ ...entry, at: 0 });
    expect(say({ by: 'Ada', action: 'lock', field: 'params' })).toBe('Ada locked the parameters');
    expect(say({ by: '', action: 'clear', field: 'sketch' })).toBe('The host cleared the sketch');
    expect(say({ by: 'Ada', action: 'undo-clear', field: 'prompt' })).toBe('Ada restored the prompt');
    expect(say({ by: 'Ada', action: 'remove', target: 'Bo' })).toBe('Ada removed Bo');
    expect(say({ by: 'Ada', action: 'promote', target: 'Bo' })).toBe('Ada made Bo a co-host');
    expect(say({ by: 'Ada', action: 'demote', target: 'Bo' })).toBe("Ada took Bo's co-host link away");
    expect(say({ by: 'Ada', action: 'viewer-only' })).toBe('Ada made the room view-only');
    expect(say({ by: 'Ada', action: 'open' })).toBe('Ada opened the room for editing');
  });

  it('round-trips a host grant message, and decodeServerMessage reads it', () => {
    const bytes = encodeHostGrantMessage({ token: 'abc.def' });
    const decoder = decoding.createDecoder(bytes);
    expect(decoding.readVarUint(decoder)).toBe(MessageType.HostGrant);
    expect(readHostGrantBody(decoder)).toEqual({ value: { token: 'abc.def' } });
    expect(decodeServerMessage(bytes)).toEqual({ value: { type: MessageType.HostGrant, grant: { token: 'abc.def' } } });
    expect(decodeServerMessage(new Uint8Array([MessageType.HostGrant, 2, 0x7b, 0x7d]))).toMatchObject({ error: expect.any(String) });
  });
});
