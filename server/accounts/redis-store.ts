import type { Logger } from '../logger';
import { closeClient, clusterClient, type RedisClient } from '../cluster/redis-clients';
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
 * configured with AOF (docs/OPERATIONS.md), like the meeting logs.
 */
export class RedisAccountStore implements AccountStore {
  private constructor(
    private readonly client: RedisClient,
    private readonly now: () => number,
    /** Whether close() closes the client (false when it is shared, e.g. the cluster's publishing client). */
    private readonly ownsClient: boolean,
  ) {}

  /** Over a connected client someone else owns and closes (cluster mode shares the notice bus's). */
  static over(client: RedisClient, now: () => number = Date.now): RedisAccountStore {
    return new RedisAccountStore(client, now, false);
  }

  static async connect(url: string, logger: Logger, now: () => number = Date.now): Promise<RedisAccountStore> {
    const client = clusterClient(url, 'accounts', logger);
    await client.connect();
    return new RedisAccountStore(client, now, true);
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
    const claimed = await this.client.hSetNX(ACCOUNT_KEYS.logins, account.login, account.accountId);
    if (!claimed) return false;
    await this.client.hSet(ACCOUNT_KEYS.accounts, account.accountId, JSON.stringify(account));
    return true;
  }

  async saveAccount(account: StaffAccount): Promise<void> {
    await this.client.hSet(ACCOUNT_KEYS.accounts, account.accountId, JSON.stringify(account));
  }

  async saveSession(session: StaffSession): Promise<void> {
    await this.client.hSet(ACCOUNT_KEYS.sessions, session.sessionId, JSON.stringify(session));
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
    if (sessionIds.length > 0) await this.client.hDel(ACCOUNT_KEYS.sessions, [...sessionIds]);
  }

  async close(): Promise<void> {
    if (this.ownsClient) await closeClient(this.client);
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
