import { describe, expect, it } from 'vitest';
import { EventWindow } from './event-window';

describe('EventWindow', () => {
  it('lets perSecond events through in a window and names the wait for the next', () => {
    const window = new EventWindow(3);
    expect([window.take(1000), window.take(1100), window.take(1999)]).toEqual([0, 0, 0]);
    // The fourth in the window that started at 1000 waits until 2000.
    expect(window.take(1999)).toBe(1);
    expect(window.take(1500)).toBe(500);
  });

  it('starts a new window at the first event after the last one ended, not on a fixed grid', () => {
    const window = new EventWindow(2);
    window.take(1000);
    window.take(1000);
    expect(window.take(1400)).toBe(600);
    // 2000 ends the first window: a fresh count from there, ending at 3000.
    expect(window.take(2000)).toBe(0);
    expect(window.take(2999)).toBe(0);
    expect(window.take(2999)).toBe(1);
    // Refused events count too: a sender that keeps pushing is not let through within the window.
    expect(window.take(2999)).toBe(1);
    expect(window.take(3000)).toBe(0);
  });

  it('answers every event of a quiet connection at once, each in a window of its own', () => {
    const window = new EventWindow(1);
    for (let at = 0; at < 10_000; at += 1000) expect(window.take(at)).toBe(0);
  });
});
