import { ErrorReply } from 'redis';
import type { RedisConnection, Settled } from './connection';
import { StoreUnavailableError } from './errors';
import type { StoreObserver } from '../observer';
import { SCRIPTS, type LuaScript } from './scripts/index';

/** Scripts that only read: they need no replica ack. Every other script is a write. */
const READ_ONLY_SCRIPTS: ReadonlySet<string> = new Set([SCRIPTS.readVotes.name]);

/**
 * A write after which WAIT counts the replicas. WAIT covers what this connection wrote up to
 * it; a script that found its answer already there (a retried cast: 'duplicate') writes
 * nothing, and the write that made that answer may have gone out on an earlier connection that
 * was never confirmed. One small write first moves this connection's offset past everything the
 * primary has, so the WAIT confirms the answer a retry returns, too.
 */
const ACK_FENCE = ['INCR', 'bj:ack-fence'] as const;

interface PendingWrite {
  command: string[];
  script: LuaScript;
  resolve: (reply: unknown) => void;
  reject: (error: unknown) => void;
}

function isNoScript(error: unknown): boolean {
  return error instanceof ErrorReply && error.message.startsWith('NOSCRIPT');
}

/**
 * Runs the store's Lua scripts by SHA. Redis forgets loaded scripts when it restarts (the
 * script cache is not in the AOF) and a promoted replica never had them, so a NOSCRIPT reply
 * reloads the script and tries once more; NOSCRIPT means the script did not run, so the retry
 * cannot apply anything twice.
 *
 * The replica ack (REDIS_URL ackReplicas > 0; redis-url.ts): an ack means "on the primary's AOF
 * and on a replica", so a failover cannot take back an acknowledged vote. Every write script
 * (cast, append, import, tally, and any later one not listed as read-only) is followed, on the
 * same connection, by WAIT <replicas> <timeout> — and on Redis ≥ 7.2 (Valkey too) then by
 * WAITAOF 1 <replicas> <timeout>, which has the last word: the primary's and the replicas' AOF
 * fsync. A missing replica then costs up to two timeouts. When fewer replicas confirm in time
 * the write is refused with StoreUnavailableError (outcome 'unknown': it may be on the primary,
 * and may be lost in a failover), so the service answers the retryable STORE_UNAVAILABLE and
 * never acks it; the tablet retries with the same idempotency key and gets the first answer.
 *
 * Group commit: writes arriving while a WAIT is out go together in the next batch
 * [script, script, …, fence, WAIT(, WAITAOF)], so one round trip confirms all of them and a
 * missing replica costs one timeout per batch, not per write.
 */
export class ScriptRunner {
  private pending: PendingWrite[] = [];
  private flushing = false;

  constructor(
    private readonly connection: RedisConnection,
    private readonly observer: StoreObserver = {},
  ) {}

  async loadAll(): Promise<void> {
    for (const script of Object.values(SCRIPTS)) await this.load(script);
  }

  async run(script: LuaScript, keys: readonly string[], args: readonly string[]): Promise<unknown> {
    const command = ['EVALSHA', script.sha1, String(keys.length), ...keys, ...args];
    if (this.connection.ack.replicas === 0 || READ_ONLY_SCRIPTS.has(script.name)) return this.runAlone(script, command);
    return new Promise((resolve, reject) => {
      this.pending.push({ command, script, resolve, reject });
      this.flushSoon();
    });
  }

  private async runAlone(script: LuaScript, command: string[]): Promise<unknown> {
    const started = performance.now();
    try {
      return await this.connection.send(command);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      await this.load(script);
      return await this.connection.send(command);
    } finally {
      this.observer.redisScript?.(script.name, (performance.now() - started) / 1000);
    }
  }

  private flushSoon(): void {
    if (this.flushing) return; // the batch in flight takes the next one when it is done
    this.flushing = true;
    setImmediate(() => void this.flushLoop());
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        await this.flush(batch);
      }
    } finally {
      this.flushing = false;
    }
  }

  private async flush(batch: PendingWrite[], reloaded = false): Promise<void> {
    const { replicas, timeoutMs, waitAof } = this.connection.ack;
    const wait = ['WAIT', String(replicas), String(timeoutMs)];
    // WAITAOF right behind the writes would wait for the replica's next once-a-second ack (1 s a
    // batch, measured on Valkey 8.0): the ack a replica sends for the writes' arrival is made
    // before it fsyncs them, and nothing asks it again. WAIT first: once it returns, the replica
    // has fsynced them (appendfsync always fsyncs before it reads on), and WAITAOF's own request
    // for an ack gets their fsync at once (docs/OPERATIONS.md, "Redis high availability").
    const waitCommands = waitAof ? [wait, ['WAITAOF', '1', String(replicas), String(timeoutMs)]] : [wait];
    let settled: Settled[];
    const started = performance.now();
    try {
      settled = await this.connection.sendBatch([...batch.map((w) => w.command), [...ACK_FENCE], ...waitCommands]);
    } catch (error) {
      for (const write of batch) write.reject(error);
      return;
    }
    // The batch's scripts and its WAIT share one round trip: it is the ack latency of each write.
    const seconds = (performance.now() - started) / 1000;
    this.observer.replicaWait?.(seconds);
    for (const write of batch) this.observer.redisScript?.(write.script.name, seconds);
    const fenced = settled[batch.length] as Settled;
    const waited = settled[settled.length - 1] as Settled;
    const ackProblem = this.ackProblem(fenced.ok ? waited : fenced, replicas, timeoutMs, waitAof);

    const missingScripts: PendingWrite[] = [];
    batch.forEach((write, i) => {
      const outcome = settled[i] as Settled;
      if (!outcome.ok) {
        if (isNoScript(outcome.error) && !reloaded) missingScripts.push(write);
        else write.reject(outcome.error);
      } else if (ackProblem) {
        write.reject(ackProblem);
      } else {
        write.resolve(outcome.reply);
      }
    });
    if (missingScripts.length === 0) return;
    try {
      for (const script of new Set(missingScripts.map((w) => w.script))) await this.load(script);
    } catch (error) {
      for (const write of missingScripts) write.reject(error);
      return;
    }
    await this.flush(missingScripts, true);
  }

  /** Why the fence's failure or the WAIT/WAITAOF reply does not confirm the batch, or null when it does. */
  private ackProblem(waited: Settled, replicas: number, timeoutMs: number, waitAof: boolean): StoreUnavailableError | null {
    if (!waited.ok) {
      const reason = waited.error instanceof Error ? waited.error.message : String(waited.error);
      return new StoreUnavailableError(`could not confirm the write on a replica: ${reason}`, 'unknown', { cause: waited.error });
    }
    // WAIT answers the number of replicas; WAITAOF answers [local fsyncs, replica fsyncs].
    const reply = waited.reply;
    const [local, confirmed] = Array.isArray(reply) ? [Number(reply[0]), Number(reply[1])] : [1, Number(reply)];
    if (local >= 1 && confirmed >= replicas) return null;
    // WAITAOF counts only replicas that fsynced their own AOF: one with appendonly no never
    // confirms, and every write is refused until it has one (docs/OPERATIONS.md).
    const what = waitAof
      ? `only ${confirmed} of ${replicas} replica(s) confirmed the write on their AOF${local >= 1 ? '' : ', nor the primary on its own,'} within ${timeoutMs} ms (WAITAOF counts a replica only with appendonly yes)`
      : `only ${confirmed} of ${replicas} replica(s) confirmed the write within ${timeoutMs} ms`;
    return new StoreUnavailableError(`${what}; refused, retry with the same key`, 'unknown');
  }

  private async load(script: LuaScript): Promise<void> {
    const sha1 = await this.connection.send(['SCRIPT', 'LOAD', script.source]);
    if (sha1 !== script.sha1) throw new Error(`Redis hashed script ${script.name} as ${String(sha1)}, expected ${script.sha1}`);
  }
}
