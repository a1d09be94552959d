import { setMaxListeners } from 'node:events';
import { AbortError, ClientClosedError, ErrorReply } from 'redis';
import type { Logger } from '../../logger';
import { StoreClosedError } from '../errors';
import { StoreUnavailableError } from './errors';
import { createNodeRedisClient, createPeerClient, isSentinelClient, sendRaw, type NodeRedisClient } from './node-redis-client';
import { describeTarget, parseRedisUrl, type RedisNodeAddress, type RedisTarget, type ReplicaAckPolicy } from './redis-url';

export { reconnectDelay } from './node-redis-client';

export interface RedisConnectionOptions {
  /**
   * Longest wait for one command, from issue to reply, including any wait for a reconnect
   * (default 5000). Past it the command fails with StoreUnavailableError, so the service can
   * answer STORE_UNAVAILABLE instead of hanging. Keep it above the ack timeout (redis-url.ts).
   */
  commandTimeoutMs?: number;
  /** Longest wait for the first connection in connect() (default 10000). */
  connectTimeoutMs?: number;
  /** Told when the connection is lost and when it is back (e.g. for a health check). */
  onConnectionChange?: (change: ConnectionChange) => void;
  /** Overrides REDIS_URL's ackReplicas / ackTimeoutMs (tests). */
  ack?: Partial<ReplicaAckPolicy>;
}

export type ConnectionChange = { state: 'lost'; error: Error } | { state: 'restored' };

/** One command's reply, or why it has none; from sendBatch. */
export type Settled = { ok: true; reply: unknown } | { ok: false; error: unknown };

/** What the connected primary can do for the replica ack (script-runner.ts). */
export interface AckCapabilities extends ReplicaAckPolicy {
  /** WAITAOF exists (Redis ≥ 7.2) and the primary has AOF on: wait for its and the replicas' AOF fsync. */
  waitAof: boolean;
}

/** Replies that mean Redis refused to run the command for now: safe to retry later. */
const TRANSIENT_REPLY = /^(LOADING|BUSY|MISCONF|READONLY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|NOREPLICAS)\b/;

/** While a Sentinel client's primary is lost, how often to check whether it answers again. */
const PROBE_EVERY_MS = 500;

/** "7.2.4" → true when at least 7.2. */
export function supportsWaitAof(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 7 || (major === 7 && minor >= 2);
}

/**
 * One node-redis client with the store's failure rules, on one server (redis://) or on the
 * primary the Sentinels name (redis-sentinel://, see redis-url.ts).
 *
 * Reconnect: the client reconnects by itself, forever, with backoff; a Sentinel client also
 * asks the Sentinels again and moves to a promoted replica. While it is down, new commands
 * wait, but never longer than commandTimeoutMs: a short outage or a failover is invisible to
 * callers, a long one fails each command within the bound. A command that times out before it
 * was sent never reaches Redis (outcome 'not_run'); one that was sent when the connection
 * dropped, or got no reply in time, has outcome 'unknown'. node-redis never sends a failed
 * command again by itself: the caller retries (a tablet, with the same idempotency key).
 */
export class RedisConnection {
  private closed = false;
  private up = true;
  private probeTimer: NodeJS.Timeout | undefined;

  /**
   * The connection the write batches and their WAIT go on, when acks wait for replicas: its
   * own, so reads are never queued behind a WAIT (a missing replica holds one up to the ack
   * timeout). Through Sentinel it is a lease on the primary that is never given back (the
   * client moves it to a new primary itself); with one server, a duplicate client.
   */
  private writer: ((args: readonly string[], options: { abortSignal: AbortSignal }) => Promise<unknown>) | null = null;
  private closeWriter: () => Promise<void> = async () => {};

  private constructor(
    private readonly target: RedisTarget,
    private readonly client: NodeRedisClient,
    private readonly commandTimeoutMs: number,
    /** Replica acks asked for by REDIS_URL, and whether the primary has WAITAOF. */
    readonly ack: AckCapabilities,
    private readonly report: (change: ConnectionChange) => void,
  ) {}

  static async open(url: string, logger: Logger, options: RedisConnectionOptions = {}): Promise<RedisConnection> {
    const target = parseRedisUrl(url);
    const where = describeTarget(target);
    const report = (change: ConnectionChange) => {
      if (change.state === 'lost') logger.warn('Redis connection lost; reconnecting', { redis: where, error: change.error });
      else logger.warn('Redis connection restored', { redis: where });
      options.onConnectionChange?.(change);
    };
    const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    const commandTimeoutMs = options.commandTimeoutMs ?? 5000;
    const ack: AckCapabilities = {
      replicas: options.ack?.replicas ?? target.ack.replicas,
      timeoutMs: options.ack?.timeoutMs ?? target.ack.timeoutMs,
      waitAof: false,
    };
    const client = await connectWithin(target, connectTimeoutMs, logger, ack.replicas > 0);
    const connection: RedisConnection = new RedisConnection(target, client, commandTimeoutMs, ack, (change) => {
      report(change);
      if (change.state === 'restored') connection.redetectWaitAof(logger);
    });
    connection.watch();
    try {
      if (ack.replicas > 0) await connection.openWriter(logger);
      const version = await connection.detectWaitAof();
      // WAITAOF follows a WAIT (script-runner.ts): a missing replica costs two ack timeouts.
      if (ack.replicas > 0 && ack.timeoutMs * (ack.waitAof ? 2 : 1) >= commandTimeoutMs) {
        logger.warn('the replica ack timeout is not below the command timeout: a slow replica turns into "unknown" outcomes', {
          ackTimeoutMs: ack.timeoutMs,
          commandTimeoutMs,
        });
      }
      logger.info('Redis connected', { redis: where, version, ackReplicas: ack.replicas, ackTimeoutMs: ack.timeoutMs });
    } catch (error) {
      await connection.close();
      throw error;
    }
    return connection;
  }

  get ready(): boolean {
    if (this.closed) return false;
    return isSentinelClient(this.client) ? this.up : this.client.isReady;
  }

  private async openWriter(logger: Logger): Promise<void> {
    const client = this.client;
    if (isSentinelClient(client)) {
      const lease = await client.acquire();
      this.writer = (args, options) => lease.sendCommand(false, [...args], options);
      return;
    }
    const writer = client.duplicate();
    writer.on('error', (error: unknown) => logger.debug('Redis write connection error', { error: String(error) }));
    await writer.connect();
    this.writer = (args, options) => writer.sendCommand([...args], options);
    this.closeWriter = async () => {
      if (writer.isOpen) writer.destroy();
    };
  }

  /** Sends one command; replies come back raw (RESP2: strings, numbers, arrays, null). */
  async send(args: readonly string[]): Promise<unknown> {
    const [settled] = await this.sendBatch([args], false);
    if (!settled) throw new Error('no reply slot for the command');
    if (settled.ok) return settled.reply;
    throw settled.error;
  }

  /**
   * Sends one command to another data node of the set (a replica the primary names in INFO
   * replication), on a connection of its own with the same credentials, opened and closed for
   * it; within commandTimeoutMs. For admin commands that are not replicated (BGREWRITEAOF).
   */
  async sendToPeer(address: RedisNodeAddress, args: readonly string[]): Promise<unknown> {
    if (this.closed) throw new StoreClosedError();
    const peer = createPeerClient(this.target, address, 'biaojue-peer');
    peer.on('error', () => {});
    try {
      await peer.connect();
      return await peer.sendCommand([...args], { abortSignal: AbortSignal.timeout(this.commandTimeoutMs) });
    } finally {
      if (peer.isOpen) peer.destroy();
    }
  }

  /**
   * Sends the commands back to back on one connection (the write connection when there is
   * one): they are queued in the same tick, so node-redis writes them together, in order, to
   * the same socket, and node-redis never sends a failed one again by itself (Sentinel:
   * maxCommandRediscovers 0), so they cannot be split over two connections. That is what lets
   * a WAIT cover the writes before it. Each
   * command settles on its own (an error reply of one does not fail the others); the whole
   * batch shares one commandTimeoutMs.
   */
  async sendBatch(commands: readonly (readonly string[])[], onWriter = true): Promise<Settled[]> {
    if (this.closed) throw new StoreClosedError();
    const abort = new AbortController();
    // node-redis adds one abort listener per command: a batch of group-committed casts has
    // hundreds by design, which is no leak (Node warns past 10).
    if (commands.length > 10) setMaxListeners(commands.length, abort.signal);
    const name = commands.map((c) => c[0] ?? '').join('+');
    let timer: NodeJS.Timeout | undefined;
    const noReply = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        // A command still queued (not yet written) is dropped by the abort and rejects first,
        // with AbortError: it never runs. A command already written ignores the abort; its
        // reply is then lost to us, so the outcome is unknown.
        abort.abort();
        // The aborted commands reject at once; let their 'not_run' settle before the race ends.
        setImmediate(() => resolve('timeout'));
      }, this.commandTimeoutMs);
    });
    const issue = (send: (args: readonly string[]) => Promise<unknown>) =>
      commands.map((args) =>
        send(args).then(
          (reply): Settled => ({ ok: true, reply }),
          (error: unknown): Settled => ({ ok: false, error: this.classify(error, args[0] ?? '') }),
        ),
      );
    const run = async (): Promise<Settled[]> => {
      const writer = onWriter ? this.writer : null;
      if (writer) return Promise.all(issue((args) => writer(args, { abortSignal: abort.signal })));
      if (isSentinelClient(this.client) && commands.length > 1) {
        throw new Error('a batch through Sentinel needs the write connection (ackReplicas > 0)');
      }
      return Promise.all(issue((args) => sendRaw(this.client, args, { abortSignal: abort.signal })));
    };
    try {
      const outcome = await Promise.race([run(), noReply]);
      if (outcome !== 'timeout') {
        // A refusal (MASTERDOWN, NOREPLICAS…) comes over a working connection; only a lost or silent one is trouble.
        const lost = outcome.some((s) => !s.ok && s.error instanceof StoreUnavailableError && !(s.error.cause instanceof ErrorReply));
        if (lost) this.noteTrouble();
        else this.noteSuccess();
        return outcome;
      }
      this.noteTrouble();
      const error = new StoreUnavailableError(`Redis did not answer ${name} within ${this.commandTimeoutMs} ms`, 'unknown');
      return commands.map(() => ({ ok: false, error }));
    } catch (error) {
      // Only the Sentinel lease itself can throw here (every command's failure is settled).
      this.noteTrouble();
      const classified = this.classify(error, name);
      return commands.map(() => ({ ok: false, error: classified }));
    } finally {
      clearTimeout(timer);
    }
  }

  private classify(error: unknown, command: string): unknown {
    if (error instanceof StoreUnavailableError) return error;
    if (error instanceof ErrorReply) {
      if (TRANSIENT_REPLY.test(error.message)) {
        return new StoreUnavailableError(`Redis refused ${command}: ${error.message}`, 'not_run', { cause: error });
      }
      return error;
    }
    if (error instanceof ClientClosedError || this.closed) return new StoreClosedError();
    if (error instanceof AbortError) {
      return new StoreUnavailableError(`Redis unreachable: ${command} not sent within ${this.commandTimeoutMs} ms`, 'not_run', {
        cause: error,
      });
    }
    const message = error instanceof Error ? error.message : String(error);
    return new StoreUnavailableError(`Redis connection lost during ${command}: ${message}`, 'unknown', { cause: error });
  }

  /**
   * Whether the primary has WAITAOF (Redis ≥ 7.2) and its AOF on (WAITAOF with numlocal 1 is an
   * error on a primary without AOF, a development server). Read at connect and again after every
   * reconnect: a failover may promote a server of another version (a rolling upgrade of the set),
   * and WAITAOF sent to a 7.0 primary would refuse every write. Returns the primary's version.
   */
  private async detectWaitAof(): Promise<string> {
    const version = await this.serverVersion();
    this.ack.waitAof = supportsWaitAof(version) && (await this.aofEnabled());
    return version;
  }

  /** detectWaitAof after a reconnect; until it answers, a batch goes with the command read before. */
  private redetectWaitAof(logger: Logger): void {
    const before = this.ack.waitAof;
    this.detectWaitAof().then(
      (version) => {
        if (this.ack.waitAof !== before) logger.warn('the Redis primary changed its replica ack command', { version, waitAof: this.ack.waitAof });
      },
      (error: unknown) => {
        // Closed meanwhile (a shutdown right after a reconnect): nothing to warn about.
        if (!this.closed) logger.warn('could not read the Redis primary’s version after a reconnect; the replica ack command is unchanged', { error: String(error) });
      },
    );
  }

  private async aofEnabled(): Promise<boolean> {
    return /^aof_enabled:1\b/m.test(String(await this.send(['INFO', 'persistence'])));
  }

  private async serverVersion(): Promise<string> {
    const info = String(await this.send(['INFO', 'server']));
    return /^redis_version:(\S+)/m.exec(info)?.[1] ?? '0';
  }

  /**
   * A plain client says when it is (re)connected. A Sentinel client does not: it reports
   * errors of its connections ('client-error') and moves to a new primary on its own
   * ('topology-change'). So for it the connection counts as lost from the first error of the
   * primary's connection until a PING through it answers again.
   */
  private watch(): void {
    const client = this.client;
    if (!isSentinelClient(client)) {
      let ready = true;
      client.on('error', (error: Error) => {
        if (!ready) return;
        ready = false;
        this.report({ state: 'lost', error });
      });
      client.on('ready', () => {
        if (ready) return;
        ready = true;
        this.report({ state: 'restored' });
      });
      return;
    }
    client.on('client-error', (event: { type: string; error: Error }) => {
      if (event.type === 'MASTER') this.noteTrouble(event.error);
    });
    client.on('topology-change', (event: { type: string; node?: { host: string; port: number } }) => {
      if (event.type === 'MASTER_CHANGE' && event.node) {
        // Logged without credentials: the address of the primary the Sentinels named.
        this.noteTrouble(new Error(`Sentinel named a new primary at ${event.node.host}:${event.node.port}`));
      }
    });
  }

  private noteTrouble(error: Error = new Error('Redis did not answer')): void {
    if (!isSentinelClient(this.client) || this.closed) return;
    if (this.up) {
      this.up = false;
      this.report({ state: 'lost', error });
    }
    if (!this.probeTimer) this.probe();
  }

  private noteSuccess(): void {
    if (!isSentinelClient(this.client) || this.up || this.closed) return;
    this.up = true;
    clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
    this.report({ state: 'restored' });
  }

  private probe(): void {
    this.probeTimer = setTimeout(() => {
      if (this.closed || this.up) {
        this.probeTimer = undefined;
        return;
      }
      this.send(['PING']).then(
        () => {
          this.probeTimer = undefined;
          this.noteSuccess();
        },
        () => this.probe(),
      );
    }, PROBE_EVERY_MS);
  }

  /** Waits for replies already due (bounded), then drops the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.probeTimer);
    await this.closeWriter();
    const client = this.client;
    if (!client.isOpen) return;
    if (!client.isReady || (isSentinelClient(client) && !this.up)) {
      await client.destroy();
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const giveUp = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.commandTimeoutMs);
    });
    try {
      const outcome = await Promise.race([client.close().then(() => 'closed' as const), giveUp]);
      if (outcome === 'timeout' && client.isOpen) await client.destroy();
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Connects within connectTimeoutMs. A Sentinel client gives up after its first failed look at
 * the topology (maxCommandRediscovers 0, see node-redis-client.ts) and cannot be connected
 * twice, so each try takes a new one until the deadline.
 */
async function connectWithin(target: RedisTarget, connectTimeoutMs: number, logger: Logger, writeConnection: boolean): Promise<NodeRedisClient> {
  const giveUpAt = Date.now() + connectTimeoutMs;
  for (;;) {
    const client = createNodeRedisClient(target, 'biaojue-store', { writeConnection });
    // Without an 'error' listener node-redis would crash the process on a dropped connection.
    client.on('error', (error: unknown) => logger.debug('Redis client error', { error: String(error) }));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), Math.max(1, giveUpAt - Date.now()));
    });
    try {
      const outcome = await Promise.race([client.connect().then(() => 'connected' as const), timedOut]);
      if (outcome === 'connected') return client;
    } catch (error) {
      if (Date.now() >= giveUpAt || target.kind === 'server') {
        if (client.isOpen) await client.destroy();
        throw error;
      }
      logger.debug('Sentinel connect failed; trying again', { error: String(error) });
    } finally {
      clearTimeout(timer);
    }
    if (client.isOpen) await client.destroy();
    if (Date.now() >= giveUpAt) {
      throw new StoreUnavailableError(`could not connect to ${describeTarget(target)} within ${connectTimeoutMs} ms`, 'not_run');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
