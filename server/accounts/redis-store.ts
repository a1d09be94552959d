import type { Logger } from '../logger';
import { closeClient, clusterClient, type RedisClient } from '../cluster/redis-clients';
import { RedisConnection } from '../store/redis/connection';
import { ScriptRunner } from '../store/redis/script-runner';
import type { AckedWrite } from '../store/redis/redis-store';
import { SCRIPTS } from '../store/redis/scripts/index';
import type { AccountStore, StaffAccount, StaffSession } from './types';

/** Cluster-wide keys (not tied to a meeting, so no hash tag). */
export const ACCOUNT_KEYS = {
  /** accountId → account JSON */
  accounts: 'bj:staff:accounts',
  /** login → accountId; HSETNX makes logins unique across nodes. */
  logins: 'bj:staff:logins',
  /** sessionId → session JSON */
  sessions: 'bj:staff:sessions',
} as const;

/**
 * Cluster mode: accounts and sessions in Redis hashes, shared by every node, so a session
 * revoked on one node is refused by all of them at the next request or handshake. Redis is
 * configured with AOF (docs/OPERATIONS.md), like the meeting logs, and every write is
 * acknowledged as a meeting's are: once a replica has it (REDIS_URL's ackReplicas), so a
 * failover cannot bring back a revoked session, a disabled account or an old password. A write
 * no replica confirmed in time throws StoreUnavailableError (answered STORE_UNAVAILABLE, 503).
 */
export class RedisAccountStore implements AccountStore {
  private constructor(
    /** Reads: one command each, on the primary. */
    private readonly client: RedisClient,
    private readonly write: AckedWrite,
    private readonly now: () => number,
    /** Closes what this store opened itself (nothing when it shares the node's connections). */
    private readonly closeOwn: () => Promise<void>,
  ) {}

  /**
   * Over connections someone else owns and closes: cluster mode reads on the notice bus's
   * client and writes through the meeting store's script runner.
   */
  static over(client: RedisClient, write: AckedWrite, now: () => number = Date.now): RedisAccountStore {
    return new RedisAccountStore(client, write, now, async () => {});
  }

  /** With connections of its own (tests, tools). */
  static async connect(url: string, logger: Logger, now: () => number = Date.now): Promise<RedisAccountStore> {
    const client = clusterClient(url, 'accounts', logger);
    await client.connect();
    let connection: RedisConnection;
    try {
      connection = await RedisConnection.open(url, logger);
    } catch (error) {
      await closeClient(client);
      throw error;
    }
    const scripts = new ScriptRunner(connection);
    const write: AckedWrite = (script, keys, args) => scripts.run(script, keys, args);
    return new RedisAccountStore(client, write, now, async () => {
      await connection.close();
      await closeClient(client);
    });
  }

  async listAccounts(): Promise<StaffAccount[]> {
    const values = await this.client.hVals(ACCOUNT_KEYS.accounts);
    return values.map((v) => JSON.parse(v) as StaffAccount);
  }

  async getAccount(accountId: string): Promise<StaffAccount | null> {
    const value = await this.client.hGet(ACCOUNT_KEYS.accounts, accountId);
    return value ? (JSON.parse(value) as StaffAccount) : null;
  }

  async findByLogin(login: string): Promise<StaffAccount | null> {
    const accountId = await this.client.hGet(ACCOUNT_KEYS.logins, login);
    return accountId ? this.getAccount(accountId) : null;
  }

  async createAccount(account: StaffAccount): Promise<boolean> {
    const claimed = await this.write(SCRIPTS.claimLogin, [ACCOUNT_KEYS.logins, ACCOUNT_KEYS.accounts], [account.login, account.accountId, JSON.stringify(account)]);
    return Number(claimed) === 1;
  }

  async saveAccount(account: StaffAccount): Promise<void> {
    await this.write(SCRIPTS.hashSet, [ACCOUNT_KEYS.accounts], [account.accountId, JSON.stringify(account)]);
  }

  async saveSession(session: StaffSession): Promise<void> {
    await this.write(SCRIPTS.hashSet, [ACCOUNT_KEYS.sessions], [session.sessionId, JSON.stringify(session)]);
    await this.pruneExpired();
  }

  async getSession(sessionId: string): Promise<StaffSession | null> {
    const value = await this.client.hGet(ACCOUNT_KEYS.sessions, sessionId);
    return value ? (JSON.parse(value) as StaffSession) : null;
  }

  async sessionsOf(accountId: string): Promise<StaffSession[]> {
    return (await this.allSessions()).filter((s) => s.accountId === accountId);
  }

  async deleteSessions(sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length > 0) await this.write(SCRIPTS.hashDelete, [ACCOUNT_KEYS.sessions], sessionIds);
  }

  async close(): Promise<void> {
    await this.closeOwn();
  }

  private async allSessions(): Promise<StaffSession[]> {
    const values = await this.client.hVals(ACCOUNT_KEYS.sessions);
    return values.map((v) => JSON.parse(v) as StaffSession);
  }

  /** Drops expired sessions at each login, so the hash stays as small as the staff. */
  private async pruneExpired(): Promise<void> {
    const now = this.now();
    const expired = (await this.allSessions()).filter((s) => s.expiresAt <= now).map((s) => s.sessionId);
    await this.deleteSessions(expired);
  }
}
