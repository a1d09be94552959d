import { describe, expect, it } from 'vitest';
import { atTurnEnd } from './turn-end';

const nextTurnEnd = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('atTurnEnd', () => {

  it('runs work at the end of the turn, in the order it was asked for', async () => {
    const ran: string[] = [];
    atTurnEnd(() => ran.push('a'));
    atTurnEnd(() => ran.push('b'));
    expect(ran).toEqual([]);
    await nextTurnEnd();
    expect(ran).toEqual(['a', 'b']);
  });

  it('runs work asked for by the turn end itself in the same pass, not a turn later', async () => {
    const ran: string[] = [];
    let sameTurn = true;
    atTurnEnd(() => {
      ran.push('intake');
      atTurnEnd(() => ran.push(sameTurn ? 'seal, same turn' : 'seal, a turn later'));
    });
    // Queued after the turn end: runs after its pass, so a seal deferred to the next turn shows.
    setImmediate(() => (sameTurn = false));
    await nextTurnEnd();
    await nextTurnEnd();
    expect(ran).toEqual(['intake', 'seal, same turn']);
  });

  it('runs the rest of the pass when one callback throws, then throws its error', async () => {
    // The test runner's own handlers step aside: this error is the one expected.
    const others = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    try {
      const ran: string[] = [];
      const uncaught = new Promise<unknown>((resolve) => process.once('uncaughtException', resolve));
      atTurnEnd(() => {
        throw new Error('a bug');
      });
      atTurnEnd(() => ran.push('after'));
      expect(((await uncaught) as Error).message).toBe('a bug');
      expect(ran).toEqual(['after']);
      // And the next turn's end still runs.
      atTurnEnd(() => ran.push('next'));
      await nextTurnEnd();
      expect(ran).toEqual(['after', 'next']);
    } finally {
      for (const listener of others) process.on('uncaughtException', listener);
    }
  });
});
