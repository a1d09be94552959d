import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeyedThrottle } from './keyed-throttle';

describe('KeyedThrottle', () => {
  let flushed: string[];
  let throttle: KeyedThrottle;

  beforeEach(() => {
    vi.useFakeTimers();
    flushed = [];
    throttle = new KeyedThrottle(100, (key) => flushed.push(key));
  });
  afterEach(() => {
    throttle.clear();
    vi.useRealTimers();
  });

  it('flushes the first trigger at once and folds the rest of the window into one trailing flush', () => {
    throttle.trigger('m');
    throttle.trigger('m');
    throttle.trigger('m');
    expect(flushed).toEqual(['m']);
    vi.advanceTimersByTime(100);
    expect(flushed).toEqual(['m', 'm']);
    vi.advanceTimersByTime(100);
    expect(flushed).toEqual(['m', 'm']);
  });

  it('flushNow pushes a ballot step inside a window at once, and what follows is throttled again', () => {
    throttle.trigger('m'); // a sign-in opens the window
    throttle.trigger('m'); // another one waits for its end
    throttle.flushNow('m'); // the result: now, including what was waiting
    expect(flushed).toEqual(['m', 'm']);
    throttle.trigger('m'); // inside the new window: waits
    expect(flushed).toEqual(['m', 'm']);
    vi.advanceTimersByTime(100);
    expect(flushed).toEqual(['m', 'm', 'm']);
    vi.advanceTimersByTime(100);
    expect(flushed).toEqual(['m', 'm', 'm']);
  });

  it('keeps keys apart', () => {
    throttle.trigger('a');
    throttle.trigger('b');
    throttle.flushNow('a');
    expect(flushed).toEqual(['a', 'b', 'a']);
  });

  it('takes a window length per key from a function, read as each window opens', () => {
    const lengths = new Map([['slow', 300]]);
    const flushes: string[] = [];
    const paced = new KeyedThrottle((key) => lengths.get(key) ?? 100, (key) => flushes.push(key));
    paced.trigger('slow');
    paced.trigger('slow');
    paced.trigger('fast');
    paced.trigger('fast');
    vi.advanceTimersByTime(100);
    expect(flushes).toEqual(['slow', 'fast', 'fast']);
    vi.advanceTimersByTime(200);
    expect(flushes).toEqual(['slow', 'fast', 'fast', 'slow']);
    paced.clear();
  });
});
