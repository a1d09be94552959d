import { AbortError, ClientClosedError, createClient, ErrorReply, type RedisClientType } from 'redis';
import type { Logger } from '../../logger';
import { StoreClosedError } from '../errors';
import { StoreUnavailableError } from './errors';

export interface RedisConnectionOptions {
  /**
   * Longest wait for one command, from issue to reply, including any wait for a reconnect
   * (default 5000). Past it the command fails with StoreUnavailableError, so the service can
   * answer STORE_UNAVAILABLE instead of hanging.
   */
  commandTimeoutMs?: number;
  /** Longest wait for the first connection in connect() (default 10000). */
  connectTimeoutMs?: number;
  /** Told when the connection is lost and when it is back (e.g. for a health check). */
  onConnectionChange?: (change: ConnectionChange) => void;
}

export type ConnectionChange = { state: 'lost'; error: Error } | { state: 'restored' };

/** Replies that mean Redis refused to run the command for now: safe to retry later. */
const TRANSIENT_REPLY = /^(LOADING|BUSY|MISCONF|READONLY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|NOREPLICAS)\b/;

/** Exponential backoff from 50 ms, capped at 2 s, with jitter so app nodes do not reconnect in step. */
export function reconnectDelay(retries: number): number {
  return Math.min(50 * 2 ** retries, 2000) + Math.floor(Math.random() * 100);
}

/**
 * One node-redis client with the store's failure rules.
 *
 * Reconnect: the client reconnects by itself, forever, with backoff. While it is down, new
 * commands wait in node-redis' offline queue, but never longer than commandTimeoutMs: a short
 * Redis restart is invisible to callers, a long outage fails each command within the bound.
 * A command that times out in the queue never reaches Redis (outcome 'not_run'); one that was
 * sent when the connection dropped, or got no reply in time, has outcome 'unknown'.
 */
export class RedisConnection {
  private closed = false;

  private constructor(
    private readonly client: RedisClientType,
    private readonly commandTimeoutMs: number,
  ) {}

  static async open(url: string, logger: Logger, options: RedisConnectionOptions = {}): Promise<RedisConnection> {
    const report = (change: ConnectionChange) => {
      if (change.state === 'lost') logger.warn('Redis connection lost; reconnecting', { error: change.error });
      else logger.warn('Redis connection restored');
      options.onConnectionChange?.(change);
    };
    const client: RedisClientType = createClient({
      url,
      socket: { reconnectStrategy: reconnectDelay, connectTimeout: 5000 },
      disableOfflineQueue: false,
    });
    let ready = false;
    let everReady = false;
    // Without an 'error' listener node-redis would crash the process on a dropped connection.
    client.on('error', (error: Error) => {
      if (!ready) return;
      ready = false;
      report({ state: 'lost', error });
    });
    client.on('ready', () => {
      if (ready) return;
      ready = true;
      if (everReady) report({ state: 'restored' });
      everReady = true;
    });

    const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new StoreUnavailableError(`could not connect to Redis at ${url} within ${connectTimeoutMs} ms`, 'not_run')),
        connectTimeoutMs,
      );
    });
    try {
      await Promise.race([client.connect(), timedOut]);
    } catch (error) {
      if (client.isOpen) client.destroy();
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return new RedisConnection(client, options.commandTimeoutMs ?? 5000);
  }

  get ready(): boolean {
    return !this.closed && this.client.isReady;
  }

  /** Sends one command; replies come back raw (RESP2: strings, numbers, arrays, null). */
  async send(args: readonly string[]): Promise<unknown> {
    if (this.closed) throw new StoreClosedError();
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const noReply = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // A command still queued (not yet written) is dropped by the abort and rejects first,
        // with AbortError: it never runs. A command already written ignores the abort; its
        // reply is then lost to us, so the outcome is unknown.
        abort.abort();
        reject(new StoreUnavailableError(`Redis did not answer ${args[0]} within ${this.commandTimeoutMs} ms`, 'unknown'));
      }, this.commandTimeoutMs);
    });
    try {
      return await Promise.race([this.client.sendCommand(args, { abortSignal: abort.signal }), noReply]);
    } catch (error) {
      throw this.classify(error, args[0] ?? '');
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

  /** Waits for replies already due (bounded), then drops the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.client.isOpen) return;
    if (!this.client.isReady) {
      this.client.destroy();
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const giveUp = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.commandTimeoutMs);
    });
    try {
      const outcome = await Promise.race([this.client.close().then(() => 'closed' as const), giveUp]);
      if (outcome === 'timeout' && this.client.isOpen) this.client.destroy();
    } finally {
      clearTimeout(timer);
    }
  }
}
