import { describe, expect, it } from 'vitest';
import { BallotKeyring } from '../../secrecy/ballot-keys';
import { CastBatches, type CastArgs } from './cast-batches';
import type { ScriptRunner } from './script-runner';
import type { LuaScript } from './scripts/index';

/** A script runner that records what it was sent and answers each call when told to. */
function fakeRunner() {
  const calls: { script: string; args: readonly string[]; answer: (reply: unknown) => void }[] = [];
  const runner = {
    run: (script: LuaScript, _keys: readonly string[], args: readonly string[]) =>
      new Promise<unknown>((resolve) => calls.push({ script: script.name, args, answer: resolve })),
  } as unknown as ScriptRunner;
  return { runner, calls };
}

const key = BallotKeyring.random().newBallotKey('m1', 'b1', 32).key;
const args = (seat: string): CastArgs => [seat, `key-${seat}`, `rcpt-${seat}`, 'sealed', ''];
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('CastBatches', () => {
  it("sends a turn's secret papers as one run, and each single paper only when the run is refused", async () => {
    const { runner, calls } = fakeRunner();
    const joined: string[][] = [];
    const batches = new CastBatches(runner, (_m, _b, casts) => joined.push(casts.map((c) => c.choiceKey)));
    const replies = ['s1', 's2', 's3'].map((seat, i) => batches.cast('m1', 'b1', args(seat), { key, choiceKey: `{"option":"${['yes', 'no', 'yes'][i]}"}` }));
    await turn();
    expect(calls).toHaveLength(1);
    const run = calls[0]!;
    // n, then five per cast with form run and no paper, then the run of three.
    expect(run.args.slice(0, 6)).toEqual(['3', 's1', 'key-s1', 'rcpt-s1', 'run', '']);
    expect(run.args).toHaveLength(1 + 15 + 1);
    expect(run.args.at(-1)?.startsWith('3:')).toBe(true);
    expect(key.openPapers(run.args.at(-1)!.slice(2), 3).sort()).toEqual(['{"option":"no"}', '{"option":"yes"}', '{"option":"yes"}']);

    // Refused whole: the same casts again, a sealed paper each, opened by the ballot's key alone.
    run.answer(['unsealed']);
    await turn();
    expect(calls).toHaveLength(2);
    const single = calls[1]!;
    expect(single.args[0]).toBe('3');
    expect([single.args[4], single.args[9], single.args[14]]).toEqual(['sealed', 'sealed', 'sealed']);
    expect(key.open(single.args[5]!)).toBe('{"option":"yes"}');
    single.answer(['recorded', 'e1', 1, 'duplicate', 'e2', 2, 'recorded', 'e3', 3]);
    expect(await Promise.all(replies)).toEqual([
      ['recorded', 'e1', 1],
      ['duplicate', 'e2', 2],
      ['recorded', 'e3', 3],
    ]);
    // Only the papers recorded one by one are joined afterwards.
    expect(joined).toEqual([['{"option":"yes"}', '{"option":"yes"}']]);
  });

  it('holds an append back until a run of its meeting in flight is answered and, if refused, sent again', async () => {
    const { runner, calls } = fakeRunner();
    const batches = new CastBatches(runner);
    void batches.cast('m1', 'b1', args('s1'), { key, choiceKey: 'a' });
    void batches.cast('m1', 'b1', args('s2'), { key, choiceKey: 'b' });
    let flushed = false;
    const flush = batches.flushMeeting('m1').then(() => (flushed = true));
    // The pending casts went at once, as a run.
    expect(calls.map((c) => c.args.at(-1)?.startsWith('2:'))).toEqual([true]);
    await turn();
    expect(flushed).toBe(false);
    calls[0]!.answer(['unsealed']);
    await flush;
    // By then the casts went again as single papers: the append that follows cannot overtake them.
    expect(calls).toHaveLength(2);
    expect(calls[1]!.args[4]).toBe('sealed');
    // Another meeting's append waits for nothing.
    await batches.flushMeeting('m2');
  });

  it('sends a lone cast, a named ballot and a cast without a key as before: one script, papers as given', async () => {
    const { runner, calls } = fakeRunner();
    const batches = new CastBatches(runner);
    void batches.cast('m1', 'b1', args('s1'), { key, choiceKey: 'a' });
    void batches.cast('m1', 'named', ['s1', 'k', 'r', 'named', 'yes']);
    void batches.cast('m1', 'named', ['s2', 'k', 'r', 'named', 'no']);
    void batches.cast('m1', 'nokey', args('s1'));
    void batches.cast('m1', 'nokey', args('s2'));
    await turn();
    expect(calls).toHaveLength(3);
    const [lone, named, noKey] = calls;
    expect(lone!.args).toHaveLength(6);
    expect(key.open(lone!.args[5]!)).toBe('a');
    expect(named!.args).toEqual(['2', 's1', 'k', 'r', 'named', 'yes', 's2', 'k', 'r', 'named', 'no']);
    expect(noKey!.args).toEqual(['2', ...args('s1'), ...args('s2')]);
  });
});
