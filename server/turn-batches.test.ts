import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { TurnBatches } from './turn-batches';

function recorder(cap: number) {
  const sent: [string, number[]][] = [];
  const batches = new TurnBatches<number>(cap, (key, items) => sent.push([key, items]));
  return { sent, batches };
}

describe('TurnBatches', () => {
  it('hands on each key\'s items of one turn together, in order, at the turn\'s end', async () => {
    const { sent, batches } = recorder(10);
    batches.add('a', 1);
    batches.add('b', 2);
    batches.add('a', 3);
    expect(sent).toEqual([]);
    await nextTurn();
    expect(sent).toEqual([
      ['a', [1, 3]],
      ['b', [2]],
    ]);
    batches.add('a', 4);
    await nextTurn();
    expect(sent.at(-1)).toEqual(['a', [4]]);
  });

  it('hands on a key as soon as it holds the cap, and the rest at the turn\'s end', async () => {
    const { sent, batches } = recorder(3);
    for (let i = 1; i <= 7; i++) batches.add('a', i);
    expect(sent).toEqual([
      ['a', [1, 2, 3]],
      ['a', [4, 5, 6]],
    ]);
    await nextTurn();
    expect(sent.at(-1)).toEqual(['a', [7]]);
  });

  it('flushes one key, the keys that match, or all at once, and sends nothing twice', async () => {
    const { sent, batches } = recorder(10);
    batches.add('m1\nb1', 1);
    batches.add('m1\nb2', 2);
    batches.add('m2\nb1', 3);
    batches.flushWhere((key) => key.startsWith('m1\n'));
    expect(sent.map(([key]) => key)).toEqual(['m1\nb1', 'm1\nb2']);
    batches.flush('m2\nb1');
    batches.flush('m2\nb1');
    batches.add('m3\nb1', 4);
    batches.flushAll();
    await nextTurn();
    expect(sent).toEqual([
      ['m1\nb1', [1]],
      ['m1\nb2', [2]],
      ['m2\nb1', [3]],
      ['m3\nb1', [4]],
    ]);
  });
});
