// The replica ack of ScriptRunner against a scripted connection: which command it sends after a
// write batch, how it reads WAIT and WAITAOF replies (WAITAOF needs Redis 7.2; the Debian
// redis-server here is 7.0, so the real-process tests exercise WAIT), and the NOSCRIPT retry.
import { ErrorReply } from 'redis';
import { describe, expect, it } from 'vitest';
import type { AckCapabilities, RedisConnection, Settled } from '../../server/store/redis/connection';
import { StoreUnavailableError } from '../../server/store/redis/errors';
import { ScriptRunner } from '../../server/store/redis/script-runner';
import { SCRIPTS } from '../../server/store/redis/scripts/index';

type Answer = (command: readonly string[]) => Settled;

/** A connection that records every batch and answers each command with `answer`. */
function scriptedConnection(ack: AckCapabilities, answer: Answer) {
  const batches: string[][][] = [];
  const sent: string[][] = [];
  const connection = {
    ack,
    async send(args: readonly string[]) {
      sent.push([...args]);
      const settled = answer(args);
      if (settled.ok) return settled.reply;
      throw settled.error;
    },
    async sendBatch(commands: readonly (readonly string[])[]) {
      batches.push(commands.map((c) => [...c]));
      return commands.map(answer);
    },
  };
  return { connection: connection as unknown as RedisConnection, batches, sent };
}

const ok = (reply: unknown): Settled => ({ ok: true, reply });
const castArgs = (n: number) => [`seat-${n}`, `key-${n}`, `rcpt-${n}`, 'yes'];

describe('ScriptRunner replica ack', () => {
  it('sends the writes of one tick together, then the fence and WAIT; acks when the replicas confirm', async () => {
    const { connection, batches } = scriptedConnection({ replicas: 1, timeoutMs: 700, waitAof: false }, (c) =>
      ok(c[0] === 'WAIT' ? 1 : c[0] === 'INCR' ? 7 : ['recorded', c[5], 1]),
    );
    const runner = new ScriptRunner(connection);
    const replies = await Promise.all([1, 2, 3].map((n) => runner.run(SCRIPTS.cast, ['k'], castArgs(n))));
    expect(replies).toHaveLength(3);
    expect(batches).toHaveLength(1);
    const batch = batches[0]!;
    expect(batch.slice(0, 3).every((c) => c[0] === 'EVALSHA' && c[1] === SCRIPTS.cast.sha1)).toBe(true);
    expect(batch.slice(3)).toEqual([
      ['INCR', 'bj:ack-fence'],
      ['WAIT', '1', '700'],
    ]);
  });

  it('refuses every write of the batch, as retryable with an unknown outcome, when too few replicas confirm', async () => {
    const { connection } = scriptedConnection({ replicas: 1, timeoutMs: 700, waitAof: false }, (c) =>
      ok(c[0] === 'WAIT' ? 0 : c[0] === 'INCR' ? 7 : ['recorded', 'x', 1]),
    );
    const runner = new ScriptRunner(connection);
    const outcomes = await Promise.allSettled([1, 2].map((n) => runner.run(SCRIPTS.cast, ['k'], castArgs(n))));
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      const reason = (outcome as PromiseRejectedResult).reason as StoreUnavailableError;
      expect(reason).toBeInstanceOf(StoreUnavailableError);
      expect(reason.outcome).toBe('unknown');
    }
  });

  it('uses WAIT then WAITAOF 1 <replicas> when the primary has it, and needs both the local and the replica fsync', async () => {
    for (const [reply, acked] of [
      [[1, 1], true],
      [[1, 0], false],
      [[0, 1], false],
    ] as const) {
      const { connection, batches } = scriptedConnection({ replicas: 1, timeoutMs: 500, waitAof: true }, (c) =>
        ok(c[0] === 'WAITAOF' ? reply : c[0] === 'INCR' || c[0] === 'WAIT' ? 1 : ['recorded', 'x', 1]),
      );
      const run = new ScriptRunner(connection).run(SCRIPTS.cast, ['k'], castArgs(1));
      if (acked) await expect(run).resolves.toEqual(['recorded', 'x', 1]);
      else await expect(run).rejects.toBeInstanceOf(StoreUnavailableError);
      // WAITAOF alone behind the writes waits for the replica's once-a-second ack (script-runner.ts).
      expect(batches[0]!.slice(-3)).toEqual([['INCR', 'bj:ack-fence'], ['WAIT', '1', '500'], ['WAITAOF', '1', '1', '500']]);
    }
  });

  it('refuses the batch when the fence write fails (the WAIT would not cover an earlier answer)', async () => {
    const { connection } = scriptedConnection({ replicas: 1, timeoutMs: 500, waitAof: false }, (c) =>
      c[0] === 'INCR' ? { ok: false, error: new ErrorReply('NOREPLICAS Not enough good replicas to write.') } : ok(c[0] === 'WAIT' ? 1 : ['duplicate', 'x', 1]),
    );
    await expect(new ScriptRunner(connection).run(SCRIPTS.cast, ['k'], castArgs(1))).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('reloads a script the primary does not know (a promoted replica) and runs only that write again', async () => {
    let loaded = false;
    const { connection, batches, sent } = scriptedConnection({ replicas: 1, timeoutMs: 500, waitAof: false }, (c) => {
      if (c[0] === 'SCRIPT') {
        loaded = true;
        return ok(SCRIPTS.append.sha1);
      }
      if (c[0] === 'EVALSHA' && c[1] === SCRIPTS.append.sha1 && !loaded) return { ok: false, error: new ErrorReply('NOSCRIPT No matching script.') };
      return ok(c[0] === 'WAIT' ? 1 : c[0] === 'INCR' ? 1 : c[1] === SCRIPTS.append.sha1 ? [1, 5] : ['recorded', 'x', 1]);
    });
    const runner = new ScriptRunner(connection);
    const [cast, append] = await Promise.all([runner.run(SCRIPTS.cast, ['k'], castArgs(1)), runner.run(SCRIPTS.append, ['k'], ['4'])]);
    expect(cast).toEqual(['recorded', 'x', 1]);
    expect(append).toEqual([1, 5]);
    expect(sent).toEqual([['SCRIPT', 'LOAD', SCRIPTS.append.source]]);
    expect(batches).toHaveLength(2);
    expect(batches[1]!.filter((c) => c[0] === 'EVALSHA').map((c) => c[1])).toEqual([SCRIPTS.append.sha1]);
  });

  it('runs read-only scripts, and everything when no replica is asked for, without a WAIT', async () => {
    const { connection, batches, sent } = scriptedConnection({ replicas: 1, timeoutMs: 500, waitAof: false }, () => ok([]));
    await new ScriptRunner(connection).run(SCRIPTS.readVotes, ['k'], []);
    expect(batches).toEqual([]);
    expect(sent.map((c) => c[0])).toEqual(['EVALSHA']);

    const single = scriptedConnection({ replicas: 0, timeoutMs: 500, waitAof: false }, () => ok(['recorded', 'x', 1]));
    await new ScriptRunner(single.connection).run(SCRIPTS.cast, ['k'], castArgs(1));
    expect(single.batches).toEqual([]);
    expect(single.sent.map((c) => c[0])).toEqual(['EVALSHA']);
  });
});
