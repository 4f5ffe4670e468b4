import * as decoding from 'lib0/decoding';
import { CLIENT_MESSAGE_TYPES, MessageType, type DecodeResult } from '@promptjam/protocol';
import { messageYjsSyncStep1, messageYjsUpdate } from 'y-protocols/sync';

/** The first fields of a client message: enough to judge it and pick its handler. */
export interface ClientMessageHeader {
  type: number;
  /** Sync messages only: 0 step 1, 1 step 2, 2 update. */
  syncType: number | undefined;
  /** A decoder positioned after the header, at the message body. */
  decoder: decoding.Decoder;
}

/**
 * Reads the type (and, for sync messages, the sub-type) of a client message. Unknown types, unknown sync
 * sub-types and truncated varints come back as `{ error }`: the caller closes that connection with 1008.
 */
export function readClientMessageHeader(bytes: Uint8Array): DecodeResult<ClientMessageHeader> {
  const decoder = decoding.createDecoder(bytes);
  try {
    const type = decoding.readVarUint(decoder);
    if (!CLIENT_MESSAGE_TYPES.has(type)) return { error: `message type ${type} is not one a client may send` };
    if (type !== MessageType.Sync) return { value: { type, syncType: undefined, decoder } };
    const syncType = decoding.readVarUint(decoder);
    if (syncType < messageYjsSyncStep1 || syncType > messageYjsUpdate) return { error: `unknown sync message type ${syncType}` };
    return { value: { type, syncType, decoder } };
  } catch {
    return { error: 'empty or truncated message header' };
  }
}
