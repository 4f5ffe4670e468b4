/**
 * The y-protocols messages the server sends, framed the way y-websocket frames them:
 * `varUint(message type)` followed by the y-protocols body.
 */
import * as encoding from 'lib0/encoding';
import { MessageType } from '@promptjam/protocol';
import { encodeAwarenessUpdate, type Awareness } from 'y-protocols/awareness';
import { writeSyncStep1, writeSyncStep2, writeUpdate } from 'y-protocols/sync';
import type * as Y from 'yjs';

/** Sync step 1: the server's state vector, asking the client for what the server lacks. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** Sync step 2: everything the client lacks, given its state vector. */
export function encodeSyncStep2(doc: Y.Doc, clientStateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  writeSyncStep2(encoder, doc, clientStateVector);
  return encoding.toUint8Array(encoder);
}

/** A sync update carrying one document update. */
export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** An awareness message with the states of `clientIds` (all known states when omitted). */
export function encodeAwarenessMessage(awareness: Awareness, clientIds?: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, clientIds ?? [...awareness.getStates().keys()]));
  return encoding.toUint8Array(encoder);
}
