import { describe, expect, it } from 'vitest';
import { createLogger } from '../../logger';
import type { CastWaiter } from '../cast-waiter';
import type { StoredCast } from '../types';
import { BatchCastWaiters } from './batch-cast-waiters';

function rejected(message: string): StoredCast {
  return { status: 'rejected', code: 'ALREADY_VOTED', message };
}

/** A waiter that writes what it hears into `heard`, or throws when it is told `throwOn`. */
function waiter(name: string, heard: string[], throwOn?: string): CastWaiter {
  return {
    answered: (outcome) => {
      if (outcome.status === 'rejected' && outcome.message === throwOn) throw new Error(`${name} is broken`);
      heard.push(`${name}: ${outcome.status === 'rejected' ? outcome.message : outcome.status}`);
    },
    failed: (error) => heard.push(`${name} failed: ${(error as Error).message}`),
  };
}

function batch(): { durable: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const durable = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { durable, resolve, reject };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('BatchCastWaiters', () => {
  it('answers nobody before the batch is durable, then every waiter in the order added, once', async () => {
    const heard: string[] = [];
    const { durable, resolve } = batch();
    const waiters = new BatchCastWaiters(durable, (cause) => new Error(`unavailable: ${String(cause)}`), createLogger('silent'));
    for (const name of ['a', 'b', 'c']) waiters.add(waiter(name, heard), rejected(`answer of ${name}`));
    await settle();
    expect(heard).toEqual([]);
    resolve();
    await settle();
    expect(heard).toEqual(['a: answer of a', 'b: answer of b', 'c: answer of c']);
    // Nothing of the answered batch is held: the journal keeps its last one until the next vote.
    const held = waiters as unknown as { waiters: unknown[]; outcomes: unknown[] };
    expect([held.waiters.length, held.outcomes.length]).toEqual([0, 0]);
  });

  it('fails every waiter of a failed batch with what `unavailable` makes of the cause', async () => {
    const heard: string[] = [];
    const { durable, reject } = batch();
    const waiters = new BatchCastWaiters(durable, (cause) => new Error(`unavailable: ${(cause as Error).message}`), createLogger('silent'));
    waiters.add(waiter('a', heard), rejected('never'));
    waiters.add(waiter('b', heard), rejected('never'));
    reject(new Error('EIO'));
    await settle();
    expect(heard).toEqual(['a failed: unavailable: EIO', 'b failed: unavailable: EIO']);
  });

  it('answers the others of the batch when one waiter throws, and logs it', async () => {
    const heard: string[] = [];
    const lines: string[] = [];
    const { durable, resolve } = batch();
    const waiters = new BatchCastWaiters(durable, () => new Error('unavailable'), createLogger('error', (line) => lines.push(line)));
    waiters.add(waiter('a', heard), rejected('answer of a'));
    waiters.add(waiter('b', heard, 'answer of b'), rejected('answer of b'));
    waiters.add(waiter('c', heard), rejected('answer of c'));
    resolve();
    await settle();
    expect(heard).toEqual(['a: answer of a', 'c: answer of c']);
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['a cast waiter failed']);
  });
});
