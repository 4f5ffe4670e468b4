/**
 * Reads one binary message from a client into a typed value, strictly: y-protocols sync (0) with its three
 * sub-types, awareness (1) and query-awareness (3), each exactly as y-websocket writes it and nothing more.
 * Empty messages, truncated varints, unknown types and sub-types, zero-length payloads and trailing bytes
 * are errors (which close the connection with 1008). Update contents are checked separately by
 * {@link checkUpdate}; awareness entries are read here, since they are small.
 */
import { MessageType } from '@promptjam/protocol';
import * as encoding from 'lib0/encoding';
import { ByteReader, MalformedInputError } from './ByteReader.js';

/** y-protocols sync sub-types. */
export const SyncMessageType = { Step1: 0, Step2: 1, Update: 2 } as const;

/** One client's entry in an awareness update. */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The parsed JSON state; null removes the client's presence. */
  state: unknown;
  /** Size of the state's JSON text, in bytes. */
  stateBytes: number;
}

/** A client message, by kind. Byte arrays are views into the received buffer. */
export type ClientMessage =
  | { kind: 'sync-step1'; stateVector: Uint8Array }
  | { kind: 'sync-step2'; update: Uint8Array }
  | { kind: 'sync-update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array; entries: AwarenessEntry[] }
  | { kind: 'query-awareness' };

/** A message that could not be read, and whether it was of an unknown type (still 1008, but logged apart). */
export type ClientMessageResult = { ok: true; message: ClientMessage } | { ok: false; unknownType: boolean; detail: string };

/**
 * Most entries one awareness message may carry. A stock y-websocket client echoes every presence it learns,
 * so one message can carry a whole room's (after a reconnect, say): the cap sits above the largest room.
 */
export const MAX_AWARENESS_ENTRIES = 1024;

/** Reads `bytes` as one client message. Never throws. */
export function parseClientMessage(bytes: Uint8Array): ClientMessageResult {
  if (bytes.length === 0) return { ok: false, unknownType: false, detail: 'empty message' };
  const r = new ByteReader(bytes);
  try {
    const type = r.varUint();
    switch (type) {
      case MessageType.Sync:
        return { ok: true, message: readSync(r) };
      case MessageType.Awareness: {
        const update = r.varBytes();
        r.expectEnd('the awareness message');
        return { ok: true, message: { kind: 'awareness', update, entries: readAwarenessEntries(update) } };
      }
      case MessageType.QueryAwareness:
        r.expectEnd('the query-awareness message');
        return { ok: true, message: { kind: 'query-awareness' } };
      default:
        return { ok: false, unknownType: true, detail: `unknown message type ${type}` };
    }
  } catch (error) {
    if (error instanceof MalformedInputError) return { ok: false, unknownType: false, detail: error.message };
    return { ok: false, unknownType: false, detail: `unexpected ${String(error)}` };
  }
}

function readSync(r: ByteReader): ClientMessage {
  const subType = r.varUint();
  const payload = r.varBytes();
  r.expectEnd('the sync message');
  switch (subType) {
    case SyncMessageType.Step1:
      checkStateVector(payload);
      return { kind: 'sync-step1', stateVector: payload };
    case SyncMessageType.Step2:
    case SyncMessageType.Update:
      if (payload.length === 0) throw new MalformedInputError('a non-empty update', r.pos);
      return { kind: subType === SyncMessageType.Step2 ? 'sync-step2' : 'sync-update', update: payload };
    default:
      throw new MalformedInputError(`a sync sub-type 0-2, found ${subType}`, 1);
  }
}

/** A state vector is varUint(n) then n pairs of varUint(client), varUint(clock), and nothing else. */
function checkStateVector(bytes: Uint8Array): void {
  const r = new ByteReader(bytes);
  const n = r.count(2, 'state vector entry');
  for (let i = 0; i < n; i++) {
    r.varUint();
    r.varUint();
  }
  r.expectEnd('the state vector');
}

function readAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  const r = new ByteReader(update);
  const n = r.count(3, 'awareness entry');
  if (n > MAX_AWARENESS_ENTRIES) throw new MalformedInputError(`at most ${MAX_AWARENESS_ENTRIES} awareness entries, found ${n}`, 0);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < n; i++) {
    const clientId = r.varUint();
    const clock = r.varUint();
    const at = r.pos;
    const json = r.varBytes();
    let state: unknown;
    try {
      state = JSON.parse(r.utf8(json));
    } catch {
      throw new MalformedInputError('a JSON awareness state', at);
    }
    if (state !== null && (typeof state !== 'object' || Array.isArray(state))) {
      throw new MalformedInputError('an awareness state that is an object or null', at);
    }
    entries.push({ clientId, clock, state, stateBytes: json.length });
  }
  r.expectEnd('the awareness update');
  return entries;
}

/** Encodes awareness entries as a y-protocols awareness update (the payload of message type 1). */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(encoder);
}

/** A whole awareness message (type 1) carrying `entries`. */
export function encodeAwarenessMessage(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, encodeAwarenessEntries(entries));
  return encoding.toUint8Array(encoder);
}
