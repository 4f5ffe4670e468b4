/**
 * The server's word on who runs the room, in presence (docs/PROTOCOL.md, awareness): every presence state a
 * connection announces is stamped with its host role (`role: "owner" | "host"`), and a `role` a guest wrote
 * itself is taken out, so the people list can show the owner and the co-hosts without trusting any client.
 */
import { PRESENCE_ROLE_KEY } from '@promptjam/protocol';
import type { AwarenessEntry } from './clientMessage.js';
import type { HostRank } from './hostRank.js';

/**
 * `entries` with each live state's {@link PRESENCE_ROLE_KEY} set to `rank` (removed for `none`); the same array
 * when nothing had to change, so the caller can relay the received bytes untouched.
 */
export function stampPresenceRole(entries: AwarenessEntry[], rank: HostRank): AwarenessEntry[] {
  const wanted = rank === 'none' ? undefined : rank;
  const needsStamp = (entry: AwarenessEntry): boolean =>
    entry.state !== null && (entry.state as Record<string, unknown>)[PRESENCE_ROLE_KEY] !== wanted;
  if (!entries.some(needsStamp)) return entries;
  return entries.map((entry) => {
    if (!needsStamp(entry)) return entry;
    const { [PRESENCE_ROLE_KEY]: _claimed, ...rest } = entry.state as Record<string, unknown>;
    const state = wanted === undefined ? rest : { ...rest, [PRESENCE_ROLE_KEY]: wanted };
    return { ...entry, state, stateBytes: Buffer.byteLength(JSON.stringify(state)) };
  });
}
