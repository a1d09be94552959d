import type { Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FirstByteWatch } from './first-byte-watch';

/** What the watch reads of a connection: how many bytes it has sent. */
const peer = (): Socket & { bytesRead: number } => ({ bytesRead: 0 }) as Socket & { bytesRead: number };

describe('FirstByteWatch', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('closes a connection silent for the whole wait, never one that has sent a byte, and never early', () => {
    const silent: Socket[] = [];
    const watch = new FirstByteWatch(10_000, (socket) => silent.push(socket));
    const first = peer(); // its coming starts the ticks: at 1 s, 2 s, ...
    first.bytesRead = 80;
    watch.watch(first);
    // Just before a tick: the earliest a watch could wrongly look at it.
    vi.advanceTimersByTime(999);
    const quiet = peer();
    const talker = peer();
    watch.watch(quiet);
    watch.watch(talker);
    talker.bytesRead = 120;
    vi.advanceTimersByTime(1);
    expect(watch.size).toBe(1); // those that sent a byte are let go at the next tick
    vi.advanceTimersByTime(999 + 8_000);
    expect(silent).toEqual([]); // 10 s less 1 ms after it came
    vi.advanceTimersByTime(1_001);
    expect(silent).toEqual([quiet]);
    expect(watch.size).toBe(0);
  });

  it('closes within a second of the wait for a connection that came just after a tick', () => {
    const silent: Socket[] = [];
    const watch = new FirstByteWatch(10_000, (socket) => silent.push(socket));
    const first = peer(); // its coming starts the ticks, and it waits past the first one
    watch.watch(first);
    vi.advanceTimersByTime(1_001);
    first.bytesRead = 80;
    const quiet = peer();
    watch.watch(quiet);
    vi.advanceTimersByTime(9_999);
    expect(silent).toEqual([]); // 10 s less 1 ms after it came
    vi.advanceTimersByTime(1_000);
    expect(silent).toEqual([quiet]); // 10 s 999 ms after it came
  });

  it('forgets a closed connection, and stops ticking once nothing waits', () => {
    const silent: Socket[] = [];
    const watch = new FirstByteWatch(10_000, (socket) => silent.push(socket));
    const gone = peer();
    watch.watch(gone);
    expect(vi.getTimerCount()).toBe(1);
    watch.forget(gone);
    vi.advanceTimersByTime(1_000);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(30_000);
    expect(silent).toEqual([]);
    // A later connection starts the ticks again.
    const late = peer();
    watch.watch(late);
    vi.advanceTimersByTime(11_000);
    expect(silent).toEqual([late]);
  });
});
