/**
 * Who may speak for which awareness client id in one room. y-protocols lets any connection set or remove
 * any client's presence; here a connection owns the first client id it announces, may only ever update or
 * remove that one, and no other connection may touch it. The room releases the claim when the connection
 * closes (and removes that presence, as y-websocket's server does).
 *
 * Two refusals differ: an id held by another connection (`taken`) is what a client that reconnected before
 * the server noticed its old socket died looks like, so its message is dropped rather than punished; a
 * connection speaking for a second id (`second-id`) is never what a stock client does, so it is closed.
 */

/** The outcome of checking one awareness message's client ids. */
export type ClaimCheck = { ok: true } | { ok: false; conflict: 'taken' | 'second-id'; detail: string };

export class AwarenessClaims {
  private readonly ownerOf = new Map<number, object>();
  private readonly claimOf = new WeakMap<object, number>();

  /**
   * Checks that `connection` may write every id in `clientIds`, and records its claim if it had none.
   * Nothing is recorded when the check fails.
   */
  claim(connection: object, clientIds: readonly number[]): ClaimCheck {
    let own = this.claimOf.get(connection);
    for (const id of clientIds) {
      const owner = this.ownerOf.get(id);
      if (owner !== undefined && owner !== connection) return { ok: false, conflict: 'taken', detail: `client id ${id} belongs to another connection` };
      if (own !== undefined && own !== id) return { ok: false, conflict: 'second-id', detail: `this connection speaks for client id ${own}, not ${id}` };
      own = id;
    }
    if (own !== undefined && !this.claimOf.has(connection)) {
      this.claimOf.set(connection, own);
      this.ownerOf.set(own, connection);
    }
    return { ok: true };
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
