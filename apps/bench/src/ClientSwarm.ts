/**
 * Opens many {@link RawRoomClient}s with bounded concurrency (a burst of thousands of simultaneous handshakes
 * measures the accept queue, not the server) and closes them together.
 */
import { RawRoomClient, type RawRoomClientOptions } from './RawRoomClient.js';

/** Concurrent handshakes while a swarm opens. */
export const SWARM_CONNECT_CONCURRENCY = 64;

/** A group of raw clients. */
export class ClientSwarm {
  readonly clients: RawRoomClient[] = [];

  /** Adds one client per entry of `specs`, at most `concurrency` handshakes at a time; returns the new ones. */
  async add(specs: readonly RawRoomClientOptions[], concurrency = SWARM_CONNECT_CONCURRENCY): Promise<RawRoomClient[]> {
    const added: RawRoomClient[] = new Array<RawRoomClient>(specs.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < specs.length) {
        const index = next++;
        added[index] = await RawRoomClient.connect(specs[index]!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, specs.length) }, worker));
    this.clients.push(...added);
    return added;
  }

  get size(): number {
    return this.clients.length;
  }

  /** Clients whose socket is still open (a server may close idle or slow ones). */
  openCount(): number {
    return this.clients.filter((c) => c.open).length;
  }

  /** Closes every client, `concurrency` at a time. */
  async closeAll(concurrency = SWARM_CONNECT_CONCURRENCY * 4): Promise<void> {
    const all = this.clients.splice(0);
    for (let i = 0; i < all.length; i += concurrency) {
      await Promise.all(all.slice(i, i + concurrency).map((c) => c.close()));
    }
  }
}
