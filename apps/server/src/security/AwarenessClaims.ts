/**
 * Who may speak for which awareness client id in one room. y-protocols lets any connection set or remove
 * any client's presence; here a connection owns the first client id it announces with a live state, may only
 * ever update or remove that one, and no other connection may touch it. The room releases the claim when the
 * connection closes (and removes that presence, as y-websocket's server does).
 *
 * Entries for any other id are dropped, never punished: a stock y-websocket client echoes every awareness
 * change it receives (other people's presence, and the removal of people who left) straight back to the
 * server, so a message mixing its own entry with other people's is what a well-behaved client sends.
 */

/** The part of an awareness entry the claims look at. */
export interface ClaimedEntry {
  clientId: number;
  /** The presence state; null removes the client. */
  state: unknown;
}

export class AwarenessClaims {
  private readonly ownerOf = new Map<number, object>();
  private readonly claimOf = new WeakMap<object, number>();

  /**
   * Returns the entries `connection` may write: those of the client id it owns. A connection that owns
   * none yet claims the first entry with a live state whose id nobody holds. Every other entry is someone
   * else's presence and is left out.
   */
  writableEntries<T extends ClaimedEntry>(connection: object, entries: readonly T[]): T[] {
    let own = this.claimOf.get(connection);
    if (own === undefined) {
      const first = entries.find((e) => e.state !== null && !this.ownerOf.has(e.clientId));
      if (first !== undefined) {
        own = first.clientId;
        this.claimOf.set(connection, own);
        this.ownerOf.set(own, connection);
      }
    }
    return own === undefined ? [] : entries.filter((e) => e.clientId === own);
  }

  /** The client id `connection` speaks for, if any. */
  claimedBy(connection: object): number | undefined {
    return this.claimOf.get(connection);
  }

  /** Forgets `connection`'s claim; returns the released id so its presence can be removed. */
  release(connection: object): number | undefined {
    const id = this.claimOf.get(connection);
    if (id === undefined) return undefined;
    this.claimOf.delete(connection);
    if (this.ownerOf.get(id) === connection) this.ownerOf.delete(id);
    return id;
  }

  /** Number of claimed ids (for tests and metrics). */
  get size(): number {
    return this.ownerOf.size;
  }
}
