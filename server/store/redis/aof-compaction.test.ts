import { ErrorReply } from 'redis';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../logger';
import { silentLogger } from '../../logger';
import { AofCompaction, REWRITE_DELAY_MS, SWEEP_MS } from './aof-compaction';
import type { RedisConnection } from './connection';
import type { RedisNodeAddress } from './redis-url';

/** A primary with replicas whose confirmed offsets the test moves; records every BGREWRITEAOF. */
function fakeSet(replicas: { host: string; port: number; offset: number; state?: string }[], primaryOffset = 100) {
  const rewrites: string[] = [];
  const refuse = new Map<string, Error>();
  const set = {
    /** The compaction under test, on this set's primary. */
    compaction: (logger: Logger = silentLogger, options: ConstructorParameters<typeof AofCompaction>[2] = {}) =>
      new AofCompaction(set.connection as unknown as RedisConnection, logger, options),
    primaryOffset,
    /** The primary's replication id: a new one when a replica is promoted. */
    replicationId: 'aaaa',
    replicas,
    rewrites,
    refuse,
    connection: {
      ready: true,
      async send(args: readonly string[]) {
        if (args[0] === 'BGREWRITEAOF') {
          const refusal = refuse.get('primary');
          if (refusal) throw refusal;
          rewrites.push('primary');
          return 'Background append only file rewriting started';
        }
        if (args.join(' ') === 'INFO replication') {
          const lines = set.replicas.map((r, i) => `slave${i}:ip=${r.host},port=${r.port},state=${r.state ?? 'online'},offset=${r.offset},lag=0`);
          return ['role:master', `connected_slaves:${set.replicas.length}`, ...lines, `master_replid:${set.replicationId}`, `master_repl_offset:${set.primaryOffset}`].join('\r\n');
        }
        throw new Error(`unexpected ${args.join(' ')}`);
      },
      async sendToPeer(address: RedisNodeAddress, args: readonly string[]) {
        const node = `${address.host}:${address.port}`;
        const refusal = refuse.get(node);
        if (refusal) throw refusal;
        expect(args).toEqual(['BGREWRITEAOF']);
        rewrites.push(node);
        return 'Background append only file rewriting started';
      },
    },
  };
  return set;
}

function warnings(): { logger: Logger; seen: { msg: string; fields: unknown }[] } {
  const seen: { msg: string; fields: unknown }[] = [];
  const logger: Logger = { ...silentLogger, warn: (msg: string, fields?: unknown) => void seen.push({ msg, fields }), child: () => logger };
  return { logger, seen };
}

describe('AofCompaction: the rewrite after a tally, on the primary and on every replica', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks the primary, then each replica once it has confirmed the primary’s offset', async () => {
    const set = fakeSet([
      { host: 'redis-replica', port: 6379, offset: 100 },
      { host: 'redis-replica-2', port: 6379, offset: 90 },
    ]);
    const compaction = set.compaction();
    compaction.request();
    await vi.advanceTimersByTimeAsync(REWRITE_DELAY_MS - 1);
    expect(set.rewrites).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    // The second replica has not confirmed offset 100 (the tally) yet: its rewrite would keep it.
    expect(set.rewrites).toEqual(['primary', 'redis-replica:6379']);
    set.primaryOffset = 180; // later writes do not move the target
    set.replicas[1]!.offset = 120;
    await vi.advanceTimersByTimeAsync(1000);
    expect(set.rewrites).toEqual(['primary', 'redis-replica:6379', 'redis-replica-2:6379']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(set.rewrites).toHaveLength(3);
  });

  it('asks a busy or unreachable replica again, and warns naming one still left after two minutes', async () => {
    const set = fakeSet([
      { host: 'a', port: 1, offset: 100 },
      { host: 'b', port: 2, offset: 100 },
    ]);
    set.refuse.set('a:1', new ErrorReply('ERR Background append only file rewriting already in progress'));
    set.refuse.set('b:2', new Error('connect ECONNREFUSED'));
    const { logger, seen } = warnings();
    const compaction = set.compaction(logger);
    compaction.request();
    await vi.advanceTimersByTimeAsync(REWRITE_DELAY_MS + 3000);
    set.refuse.delete('a:1');
    await vi.advanceTimersByTimeAsync(1000);
    expect(set.rewrites).toEqual(['primary', 'a:1']);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(130_000);
    expect(set.rewrites).toEqual(['primary', 'a:1']);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.msg).toMatch(/did not start everywhere/);
    expect(JSON.stringify(seen[0]!.fields)).toContain('b:2');
  });

  it('starts over on a new request: every node’s rewrite follows the latest tally', async () => {
    const set = fakeSet([{ host: 'r', port: 1, offset: 100 }]);
    const compaction = set.compaction();
    compaction.request();
    await vi.advanceTimersByTimeAsync(REWRITE_DELAY_MS);
    expect(set.rewrites).toEqual(['primary', 'r:1']);
    set.primaryOffset = 200;
    compaction.request();
    await vi.advanceTimersByTimeAsync(REWRITE_DELAY_MS);
    // The replica has not confirmed the second tally's offset: only the primary so far.
    expect(set.rewrites).toEqual(['primary', 'r:1', 'primary']);
    set.replicas[0]!.offset = 200;
    await vi.advanceTimersByTimeAsync(1000);
    expect(set.rewrites).toEqual(['primary', 'r:1', 'primary', 'r:1']);
  });

  it('on stop, asks what is left at once, and warns about what it could not', async () => {
    const set = fakeSet([
      { host: 'r', port: 1, offset: 100 },
      { host: 'syncing', port: 2, offset: 0, state: 'send_bulk' },
    ]);
    const { logger, seen } = warnings();
    const compaction = set.compaction(logger);
    compaction.request();
    await compaction.stop();
    expect(set.rewrites).toEqual(['primary', 'r:1']);
    expect(seen).toHaveLength(1);
    expect(JSON.stringify(seen[0]!.fields)).toContain('syncing:2');
    compaction.request();
    await vi.advanceTimersByTimeAsync(REWRITE_DELAY_MS * 2);
    expect(set.rewrites).toHaveLength(2);
  });

  it('asks a replica that comes back after the round at its next look, and only it', async () => {
    const set = fakeSet([{ host: 'r1', port: 1, offset: 100 }]);
    const compaction = set.compaction();
    compaction.request();
    await vi.advanceTimersByTimeAsync(REWRITE_DELAY_MS);
    expect(set.rewrites).toEqual(['primary', 'r1:1']);
    // r2 was down during the tally and is back (a partial resync keeps its files' history).
    set.replicas.push({ host: 'r2', port: 2, offset: 130 });
    await vi.advanceTimersByTimeAsync(SWEEP_MS);
    expect(set.rewrites).toEqual(['primary', 'r1:1', 'r2:2']);
    await vi.advanceTimersByTimeAsync(SWEEP_MS * 3);
    expect(set.rewrites).toHaveLength(3);
  });

  it('asks every data node once after the node starts (it cannot know what was tallied before)', async () => {
    const set = fakeSet([
      { host: 'r1', port: 1, offset: 100 },
      { host: 'r2', port: 2, offset: 100 },
    ]);
    const compaction = set.compaction();
    await vi.advanceTimersByTimeAsync(SWEEP_MS - 1);
    expect(set.rewrites).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(set.rewrites).toEqual(['primary', 'r1:1', 'r2:2']);
    await vi.advanceTimersByTimeAsync(SWEEP_MS * 3);
    expect(set.rewrites).toHaveLength(3);
    await compaction.stop();
  });

  it('asks a promoted primary, and takes its offset as the target when its stream is behind the one read before the failover', async () => {
    const set = fakeSet([{ host: 'r1', port: 1, offset: 100 }, { host: 'r2', port: 2, offset: 90 }], 100);
    const compaction = set.compaction();
    compaction.request();
    await vi.advanceTimersByTimeAsync(REWRITE_DELAY_MS);
    expect(set.rewrites).toEqual(['primary', 'r1:1']);
    // r2 is promoted without the old primary's last 10 unacknowledged bytes, before its turn
    // came; r1 follows it. The new primary is asked as a primary.
    set.primaryOffset = 95;
    set.replicationId = 'bbbb';
    set.replicas = [{ host: 'r1', port: 1, offset: 95 }];
    await vi.advanceTimersByTimeAsync(1000);
    expect(set.rewrites).toEqual(['primary', 'r1:1', 'primary']);
    await vi.advanceTimersByTimeAsync(SWEEP_MS * 2);
    expect(set.rewrites).toHaveLength(3);
  });

  it('reports how many data nodes are left to rewrite, for the metrics', async () => {
    const set = fakeSet([{ host: 'r1', port: 1, offset: 100 }, { host: 'r2', port: 2, offset: 50 }]);
    const reported: number[] = [];
    const compaction = set.compaction(silentLogger, { observer: { aofRewritesLeft: (n) => void reported.push(n) } });
    await vi.advanceTimersByTimeAsync(SWEEP_MS);
    expect(reported).toEqual([1]); // the node's first look: r2 has not confirmed its offset
    set.replicas[1]!.offset = 100;
    await vi.advanceTimersByTimeAsync(SWEEP_MS); // the next look
    expect(reported).toEqual([1, 0]);
    set.primaryOffset = 300;
    compaction.request();
    expect(reported).toEqual([1, 0, 3]); // the primary and the two replicas it listed
    await vi.advanceTimersByTimeAsync(REWRITE_DELAY_MS);
    expect(reported).toEqual([1, 0, 3, 2]); // both replicas behind the tally's offset
    set.replicas[0]!.offset = 300;
    set.replicas[1]!.offset = 300;
    await vi.advanceTimersByTimeAsync(1000);
    expect(reported).toEqual([1, 0, 3, 2, 0]);
    await compaction.stop();
  });

  it('asks the replicas while the primary is still busy with a rewrite begun before the tally, and the primary again a second later', async () => {
    const set = fakeSet([{ host: 'r1', port: 1, offset: 100 }]);
    set.refuse.set('primary', new ErrorReply('ERR Background append only file rewriting already in progress'));
    const compaction = set.compaction();
    compaction.request();
    await vi.advanceTimersByTimeAsync(REWRITE_DELAY_MS);
    expect(set.rewrites).toEqual(['r1:1']);
    set.refuse.delete('primary');
    await vi.advanceTimersByTimeAsync(1000);
    expect(set.rewrites).toEqual(['r1:1', 'primary']);
    await compaction.stop();
  });
});
