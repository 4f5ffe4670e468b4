/**
 * Which rooms are private, kept in one JSON file in the data dir (`private-rooms.json`) so privacy survives
 * restarts. Writes go to a temporary file that is fsynced and renamed over the old one, so a crash leaves
 * either the old or the new list, never half of one. A file that cannot be read is reported, never treated
 * as "no private rooms" (that would silently open every private room).
 */
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalRoomId, ROOM_PATH_SEGMENT_PATTERN } from '@promptjam/protocol';
import { DataFileError } from './DataFileError.js';
import type { RoomAccessRecord, RoomAccessStore } from './roomAccess.js';

/** File name of the private-room list inside the data dir. */
export const ACCESS_FILE_NAME = 'private-rooms.json';


export class FileRoomAccessStore implements RoomAccessStore {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly records: Map<string, RoomAccessRecord>,
  ) {}

  /** Opens the list in `dataDir` (an absent file is an empty list). Throws {@link DataFileError} for a corrupt one. */
  static async open(dataDir: string): Promise<FileRoomAccessStore> {
    const path = join(dataDir, ACCESS_FILE_NAME);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new FileRoomAccessStore(path, new Map());
      throw error;
    }
    return new FileRoomAccessStore(path, parseRecords(path, text));
  }

  async get(roomId: string): Promise<RoomAccessRecord | undefined> {
    const record = this.records.get(roomId);
    return record && { ...record };
  }

  /** Records the change and resolves once it is on disk; writes happen one at a time, in call order. */
  async set(roomId: string, record: RoomAccessRecord | undefined): Promise<void> {
    if (record === undefined) this.records.delete(roomId);
    else this.records.set(roomId, recordOf(record.since, record.hostLinksSince));
    const snapshot = JSON.stringify({ version: 1, rooms: Object.fromEntries(this.records) }, null, 1);
    const write = this.writing.then(() => writeAtomically(this.path, snapshot));
    this.writing = write.catch(() => undefined);
    return write;
  }
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

const FIX_LIST = 'fix the file, or restore it from a backup (deleting it opens every private room)';

function parseRecords(path: string, text: string): Map<string, RoomAccessRecord> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DataFileError(path, 'JSON', `${text.length} characters that do not parse`, FIX_LIST);
  }
  const rooms = (value as { version?: unknown; rooms?: unknown } | null)?.rooms;
  if ((value as { version?: unknown }).version !== 1 || typeof rooms !== 'object' || rooms === null) {
    throw new DataFileError(path, '{ "version": 1, "rooms": { … } }', 'another shape', FIX_LIST);
  }
  const records = new Map<string, RoomAccessRecord>();
  for (const [spelling, record] of Object.entries(rooms)) {
    const { since, hostLinksSince } = (record ?? {}) as { since?: unknown; hostLinksSince?: unknown };
    // Files written before room ids were canonical may hold another spelling (`My_Room`): it stays private
    // under its canonical id; when two spellings meet, the room has been private since the earlier one.
    const room = ROOM_PATH_SEGMENT_PATTERN.test(spelling) ? canonicalRoomId(spelling) : undefined;
    if (room === undefined || 'error' in room || !isSeconds(since) || (hostLinksSince !== undefined && !isSeconds(hostLinksSince))) {
      throw new DataFileError(
        path,
        'room ids with { "private": true, "since": <epoch seconds>, "hostLinksSince"?: <epoch seconds> }',
        JSON.stringify(spelling).slice(0, 80),
        FIX_LIST,
      );
    }
    // Likewise its host links were reset (if both were) at the earlier time; 0 (never) turns back into absent.
    const before = records.get(room.roomId);
    const hostLinks = before === undefined ? hostLinksSince : Math.min(before.hostLinksSince ?? 0, hostLinksSince ?? 0) || undefined;
    records.set(room.roomId, recordOf(Math.min(before?.since ?? since, since), hostLinks));
  }
  return records;
}

function isSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** The stored shape of a record: `hostLinksSince` only when a reset set it. */
function recordOf(since: number, hostLinksSince: number | undefined): RoomAccessRecord {
  return hostLinksSince === undefined ? { private: true, since } : { private: true, since, hostLinksSince };
}
