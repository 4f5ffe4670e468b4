import { describe, expect, it } from 'vitest';
import { FanoutTally } from '../metrics/ServerMetrics.js';
import { OutboundChannel, type OutboundSocket } from './OutboundChannel.js';

/** A socket whose backlog the test sets by hand; `drain()` flushes it and runs the write callbacks. */
class FakeSocket implements OutboundSocket {
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: Uint8Array[] = [];
  private callbacks: Array<(error?: Error | null) => void> = [];
  send(data: Uint8Array, callback: (error?: Error | null) => void): void {
    this.sent.push(data);
    this.bufferedAmount += data.byteLength;
    this.callbacks.push(callback);
  }
  drain(): void {
    this.bufferedAmount = 0;
    const callbacks = this.callbacks;
    this.callbacks = [];
    // As Node's streams do: success is reported with `null`.
    for (const callback of callbacks) callback(null);
  }
}

const frame = (n: number) => new Uint8Array(100).fill(n);
const sync = (n: number) => new Uint8Array([0, 2, n]);
const LIMITS = { frameSkipBufferedBytes: 150, maxBufferedBytes: 10_000 };

function setUp() {
  const socket = new FakeSocket();
  const tally = new FanoutTally();
  let overflows = 0;
  const channel = new OutboundChannel(socket, LIMITS, tally, () => overflows++);
  return { socket, tally, channel, overflows: () => overflows };
}

describe('OutboundChannel', () => {
  it('sends frames while the socket keeps up', () => {
    const { socket, channel, tally } = setUp();
    expect(channel.sendFrame(frame(1))).toBe('sent');
    socket.drain();
    expect(channel.sendFrame(frame(2))).toBe('sent');
    expect(socket.sent).toEqual([frame(1), frame(2)]);
    expect(tally).toMatchObject({ sent: 2, dropped: 0 });
  });

  it('keeps only the newest frame while backed up and sends it once the socket drains', () => {
    const { socket, channel, tally } = setUp();
    channel.sendFrame(frame(1));
    channel.sendFrame(frame(2)); // 100 bytes buffered: still under 150
    expect(channel.sendFrame(frame(3))).toBe('deferred');
    expect(channel.sendFrame(frame(4))).toBe('deferred');
    expect(channel.sendFrame(frame(5))).toBe('deferred');
    expect(socket.sent).toEqual([frame(1), frame(2)]);
    socket.drain();
    expect(socket.sent).toEqual([frame(1), frame(2), frame(5)]);
    expect(channel.hasPendingFrame).toBe(false);
    expect(tally).toMatchObject({ sent: 3, dropped: 2 });
  });

  it('never drops sync messages, however backed up', () => {
    const { socket, channel } = setUp();
    socket.bufferedAmount = 5_000;
    for (let i = 0; i < 10; i++) expect(channel.sendReliable(sync(i))).toBe(true);
    expect(socket.sent).toHaveLength(10);
  });

  it('reports an overflow once when the backlog passes the hard bound', () => {
    const { socket, channel, overflows } = setUp();
    socket.bufferedAmount = 9_990;
    channel.sendReliable(sync(1));
    expect(overflows()).toBe(0);
    channel.sendReliable(new Uint8Array(50));
    channel.sendReliable(new Uint8Array(50));
    expect(overflows()).toBe(1);
  });

  it('sends nothing on a socket that is not open', () => {
    const { socket, channel } = setUp();
    socket.readyState = 3;
    expect(channel.sendFrame(frame(1))).toBe('closed');
    expect(channel.sendReliable(sync(1))).toBe(false);
    expect(socket.sent).toHaveLength(0);
  });

  it('with a transport, sends everything of one turn in one write: corked on the first send, uncorked after the turn', async () => {
    const socket = new FakeSocket();
    const log: string[] = [];
    const transport = { cork: () => log.push('cork'), uncork: () => log.push('uncork') };
    const channel = new OutboundChannel(socket, LIMITS, new FanoutTally(), () => undefined, transport);
    channel.sendFrame(frame(1));
    channel.sendReliable(sync(1));
    expect(log).toEqual(['cork']);
    await new Promise((resolve) => process.nextTick(resolve));
    expect(log).toEqual(['cork', 'uncork']);
    channel.sendReliable(sync(2));
    expect(log).toEqual(['cork', 'uncork', 'cork']);
    expect(socket.sent).toEqual([frame(1), sync(1), sync(2)]);
  });
});
