import type { ClassicLevel } from 'classic-level';
import { canonicalRoomId, isValidRoomId } from '@promptjam/protocol';

/** Written once the store's rooms have been moved to canonical ids, so later starts skip the scan. */
export const ROOM_IDS_CANONICAL_KEY = 'meta/room-ids-canonical';

/** What {@link migrateRoomIds} did. */
export interface RoomIdMigration {
  /** Rooms moved from an older spelling to their canonical id. */
  moved: Array<{ from: string; to: string }>;
  /** Rooms left under their old key (unreachable), and why. */
  kept: Array<{ id: string; reason: string }>;
}

/**
 * Moves rooms stored under a non-canonical id (`Violet_Otter-42`, written before room ids were canonical) to
 * their canonical id (`violet-otter-42`), once per store: each room's updates, frame and seq keys are renamed in
 * one atomic batch, keeping their order. A room is left where it is, and reported, when its canonical id is
 * already taken (by the canonical room or another spelling: merging two documents would interleave two prompts)
 * or when its id has no canonical form (`-`, `_`).
 */
export async function migrateRoomIds(db: ClassicLevel<string, Uint8Array>): Promise<RoomIdMigration> {
  const result: RoomIdMigration = { moved: [], kept: [] };
  const [done] = await db.getMany([ROOM_IDS_CANONICAL_KEY]);
  if (done !== undefined) return result;
  const entriesByRoom = new Map<string, Array<[string, Uint8Array]>>();
  for await (const [key, value] of db.iterator({ gte: 'room/', lt: 'room0' })) {
    const id = key.slice('room/'.length, key.indexOf('/', 'room/'.length));
    let entries = entriesByRoom.get(id);
    if (!entries) entriesByRoom.set(id, (entries = []));
    entries.push([key, value]);
  }
  const taken = new Set([...entriesByRoom.keys()].filter((id) => isValidRoomId(id)));
  for (const [id, entries] of entriesByRoom) {
    if (isValidRoomId(id)) continue;
    const canonical = canonicalRoomId(id);
    if ('error' in canonical) {
      result.kept.push({ id, reason: canonical.error });
      continue;
    }
    if (taken.has(canonical.roomId)) {
      result.kept.push({ id, reason: `room ${canonical.roomId} already exists` });
      continue;
    }
    taken.add(canonical.roomId);
    const from = `room/${id}/`;
    const to = `room/${canonical.roomId}/`;
    await db.batch(
      entries.flatMap(([key, value]) => [
        { type: 'put' as const, key: to + key.slice(from.length), value },
        { type: 'del' as const, key },
      ]),
    );
    result.moved.push({ from: id, to: canonical.roomId });
  }
  await db.put(ROOM_IDS_CANONICAL_KEY, new TextEncoder().encode('1'));
  return result;
}
