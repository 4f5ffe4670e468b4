import * as decoding from 'lib0/decoding';
import type { Page } from 'playwright-core';

/** What one binary message a page sent over its WebSocket means for the room document. */
export interface SentMessage {
  /** y-websocket's message type: 0 sync, 1 awareness, 3 query awareness. */
  type: number;
  /** For sync messages: 0 step 1 (a state vector), 1 step 2 (an update), 2 update. */
  syncType?: number;
  /** For step 2 and updates: the update's size in bytes (2 means an empty Yjs update). */
  updateBytes?: number;
}

/** The size of an update that carries no change: no structs, empty delete set. */
export const EMPTY_UPDATE_BYTES = 2;

function describeMessage(bytes: Uint8Array): SentMessage {
  const decoder = decoding.createDecoder(bytes);
  const type = decoding.readVarUint(decoder);
  if (type !== 0) return { type };
  const syncType = decoding.readVarUint(decoder);
  if (syncType === 0) return { type, syncType };
  return { type, syncType, updateBytes: decoding.readVarUint8Array(decoder).byteLength };
}

/**
 * Records every binary message `page` sends over any WebSocket from now on.
 * Call before `page.goto` to see the whole conversation.
 */
export function recordSentMessages(page: Page): SentMessage[] {
  const sent: SentMessage[] = [];
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      if (typeof payload !== 'string') sent.push(describeMessage(new Uint8Array(payload)));
    });
  });
  return sent;
}

/** Whether a message could change the room document or announce a person (what a viewer must never send). */
export function isWrite(message: SentMessage): boolean {
  if (message.type === 1) return true;
  return message.type === 0 && message.syncType !== 0 && (message.updateBytes ?? 0) > EMPTY_UPDATE_BYTES;
}
