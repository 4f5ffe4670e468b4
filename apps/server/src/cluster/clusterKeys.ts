/**
 * Redis key layout of a promptjam cluster. Room ids are `[A-Za-z0-9_-]{1,64}`, so they never contain `{`, `}`
 * or `:`. Every key of one room carries the room id as its hash tag (`{id}`), so one room's keys live on one
 * Redis shard and its Lua scripts may touch them all.
 *
 *   pj:{id}:updates   stream of Yjs updates: fields `u` (update bytes) and `m` (the member that stored it)
 *   pj:{id}:doc       the compacted document (one Yjs update) covering the stream up to `pj:{id}:docid`
 *   pj:{id}:docid     the stream id the compacted document covers (entries from it on are kept)
 *   pj:{id}:frame     the last frame message (type 100, as sent)
 *   pj:{id}:seq       the newest frame seq published, decimal digits
 *   pj:{id}:owner     the render lease: `<member id>:<fencing token>`, with a short TTL
 *   pj:{id}:fence     the fencing counter (INCR); each new lease gets a higher token than every earlier one
 *   pj:{id}:bus       pub/sub channel: presence, frames and status (see roomBus.ts)
 */

/** Every key of one room. */
export interface RoomKeys {
  updates: string;
  doc: string;
  docId: string;
  frame: string;
  seq: string;
  owner: string;
  fence: string;
  bus: string;
}

/** The keys of room `roomId`. */
export function roomKeys(roomId: string): RoomKeys {
  const base = `pj:{${roomId}}:`;
  return {
    updates: `${base}updates`,
    doc: `${base}doc`,
    docId: `${base}docid`,
    frame: `${base}frame`,
    seq: `${base}seq`,
    owner: `${base}owner`,
    fence: `${base}fence`,
    bus: `${base}bus`,
  };
}

/** The room id of a room's bus channel, or undefined for any other channel. */
export function roomIdOfBus(channel: string): string | undefined {
  const match = /^pj:\{([A-Za-z0-9_-]{1,64})\}:bus$/.exec(channel);
  return match?.[1];
}
