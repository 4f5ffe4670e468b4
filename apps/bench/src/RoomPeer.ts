/**
 * A watching peer with the whole document (a real y-websocket provider and Y.Doc, as a browser tab has): it notes
 * when each version of the prompt arrives and when each sketch point arrives (points numbered in drawing order
 * over all strokes, as {@link SyntheticDrawer} numbers them), timed in the observers Yjs calls as the update is
 * applied, on the machine's shared epoch clock.
 */
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { PROMPT_TEXT_NAME, SKETCH_ARRAY_NAME } from '@promptjam/protocol';
import { epochNowMs, waitUntil } from './clock.js';
import { closeRoomProvider, openRoomProvider } from './roomProvider.js';

/** One peer; see the module comment. */
export class RoomPeer {
  /** Prompt text -> epoch ms it first appeared here. */
  readonly textArrivedAt = new Map<string, number>();
  /** Epoch ms point `i` arrived here. */
  readonly pointArrivedAt: number[] = [];
  private readonly doc = new Y.Doc();
  private readonly provider: WebsocketProvider;

  constructor(url: string, readonly roomId: string, index: number) {
    this.provider = openRoomProvider(url, roomId, this.doc, `peer-${index}`);
    const text = this.doc.getText(PROMPT_TEXT_NAME);
    text.observe(() => {
      const now = epochNowMs();
      const value = text.toString();
      if (!this.textArrivedAt.has(value)) this.textArrivedAt.set(value, now);
    });
    const sketch = this.doc.getArray<Y.Map<unknown>>(SKETCH_ARRAY_NAME);
    sketch.observeDeep(() => {
      const now = epochNowMs();
      let total = 0;
      for (const stroke of sketch) {
        const points = stroke.get('points');
        if (points instanceof Y.Array) total += points.length / 3;
      }
      while (this.pointArrivedAt.length < total) this.pointArrivedAt.push(now);
    });
  }

  /** Resolves once the provider has synced with the server. */
  async synced(timeoutMs = 30_000): Promise<void> {
    await waitUntil(() => this.provider.synced, timeoutMs, `peer in ${this.roomId} to sync`);
  }

  /** Disconnects. */
  destroy(): void {
    closeRoomProvider(this.provider);
    this.doc.destroy();
  }
}
