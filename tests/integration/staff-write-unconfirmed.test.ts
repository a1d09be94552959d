// A staff account's write that the store could not confirm (in cluster mode: no replica
// acknowledged it in time, server/accounts/redis-store.ts) is answered as a vote's would be:
// 503 STORE_UNAVAILABLE, retryable, with whether it may have happened; never a 500, never a
// success.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedAccountStore } from '../../server/accounts/embedded-store';
import type { AccountStore, StaffSession } from '../../server/accounts/types';
import { StoreUnavailableError } from '../../server/store/redis/errors';
import { HttpClient } from '../support/http-client';
import { startTestServer, type TestServer } from '../support/test-server';

/** Accounts whose session writes fail as an unconfirmed Redis write does, while `refusing`. */
class UnconfirmedSessions implements AccountStore {
  refusing = false;
  constructor(private readonly inner: EmbeddedAccountStore) {}
  listAccounts = () => this.inner.listAccounts();
  getAccount = (id: string) => this.inner.getAccount(id);
  findByLogin = (login: string) => this.inner.findByLogin(login);
  createAccount = (a: Parameters<AccountStore['createAccount']>[0]) => this.inner.createAccount(a);
  saveAccount = (a: Parameters<AccountStore['saveAccount']>[0]) => this.inner.saveAccount(a);
  getSession = (id: string) => this.inner.getSession(id);
  sessionsOf = (id: string) => this.inner.sessionsOf(id);
  close = () => this.inner.close();
  async saveSession(session: StaffSession): Promise<void> {
    if (this.refusing) throw new StoreUnavailableError('only 0 of 1 replica(s) confirmed the write within 1000 ms; refused, retry with the same key', 'unknown');
    return this.inner.saveSession(session);
  }
  async deleteSessions(ids: readonly string[]): Promise<void> {
    if (this.refusing) throw new StoreUnavailableError('only 0 of 1 replica(s) confirmed the write within 1000 ms; refused, retry with the same key', 'unknown');
    return this.inner.deleteSessions(ids);
  }
}

describe('a staff write the store could not confirm', () => {
  let server: TestServer;
  let accounts: UnconfirmedSessions;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'biaojue-accounts-'));
    accounts = new UnconfirmedSessions(await EmbeddedAccountStore.open(dir));
    server = await startTestServer({ accounts });
  });

  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('is answered 503 STORE_UNAVAILABLE (outcome unknown, retry), and the retry works once the store confirms', async () => {
    const http = new HttpClient(server.baseUrl);
    const { login, password } = await http.staffAccount('secretariat');
    accounts.refusing = true;
    const refused = await http.login(login, password);
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ ok: false, code: 'STORE_UNAVAILABLE' });
    expect(JSON.stringify(refused.body)).toContain('unknown');
    expect(refused.body.token).toBeUndefined();

    accounts.refusing = false;
    const retried = await http.login(login, password);
    expect(retried.status).toBe(200);
    expect(retried.body.token).toEqual(expect.any(String));
  });
});
