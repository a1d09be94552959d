import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisServerAvailable, startRedis, type RedisServer } from '../../tests/support/redis-server';
import { silentLogger } from '../logger';
import { AccountService } from './account-service';
import { ACCOUNTS_FILE, EmbeddedAccountStore } from './embedded-store';
import { hashPassword, verifyPassword, SCRYPT_PARAMS } from './password';
import { RedisAccountStore } from './redis-store';
import type { AccountStore, StaffAccount } from './types';

function account(login: string, overrides: Partial<StaffAccount> = {}): StaffAccount {
  return {
    accountId: `acc-${login}`,
    login,
    displayName: `姓名-${login}`,
    roles: ['secretariat'],
    meetings: ['m-1'],
    disabled: false,
    passwordHash: 'scrypt$15$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5',
    createdAt: 1,
    updatedAt: 1,
    ...overrides,
  };
}

/** One contract for both stores: what AccountService relies on. */
function contract(name: string, open: () => Promise<AccountStore>, reopen: () => Promise<AccountStore>) {
  describe(`${name} account store`, () => {
    it('keeps logins unique, replaces accounts, and survives a reopen', async () => {
      const store = await open();
      expect(await store.createAccount(account('wang'))).toBe(true);
      expect(await store.createAccount(account('wang', { accountId: 'acc-other' }))).toBe(false);
      await store.saveAccount({ ...account('wang'), roles: ['chair'], disabled: true });
      expect(await store.findByLogin('wang')).toMatchObject({ accountId: 'acc-wang', roles: ['chair'], disabled: true });
      expect(await store.getAccount('acc-other')).toBeNull();
      await store.close();
      const again = await reopen();
      expect((await again.listAccounts()).map((a) => a.login)).toEqual(['wang']);
      await again.close();
    });

    it('stores, lists and deletes sessions, dropping expired ones as new ones come', async () => {
      const store = await open();
      await store.saveSession({ sessionId: 's-old', accountId: 'acc-wang', createdAt: 0, expiresAt: 1 });
      await store.saveSession({ sessionId: 's-1', accountId: 'acc-wang', createdAt: Date.now(), expiresAt: Date.now() + 60_000 });
      await store.saveSession({ sessionId: 's-2', accountId: 'acc-li', createdAt: Date.now(), expiresAt: Date.now() + 60_000 });
      expect(await store.getSession('s-old')).toBeNull();
      expect((await store.sessionsOf('acc-wang')).map((s) => s.sessionId)).toEqual(['s-1']);
      await store.deleteSessions(['s-1']);
      expect(await store.getSession('s-1')).toBeNull();
      expect(await store.getSession('s-2')).toMatchObject({ accountId: 'acc-li' });
      await store.close();
    });
  });
}

describe('embedded store', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'biaojue-accounts-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  contract('embedded', () => EmbeddedAccountStore.open(dir), () => EmbeddedAccountStore.open(dir));

  it('writes the file 0600, atomically (no temporary file left), without password hashes in clear', async () => {
    const file = path.join(dir, ACCOUNTS_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 1 });
  });

  it('refuses to start on a damaged file instead of replacing it with an empty one', async () => {
    const bad = await mkdtemp(path.join(tmpdir(), 'biaojue-accounts-bad-'));
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path.join(bad, ACCOUNTS_FILE), '{"version":1,"accounts":[{"login":1}]');
    await expect(EmbeddedAccountStore.open(bad)).rejects.toThrow();
    await rm(bad, { recursive: true, force: true });
  });
});

describe.skipIf(!redisServerAvailable() && !process.env['CI'])('redis store', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  contract(
    'redis',
    () => RedisAccountStore.connect(redis.url, silentLogger),
    () => RedisAccountStore.connect(redis.url, silentLogger),
  );
});

describe('passwords and logins', () => {
  it('hashes with scrypt and its parameters, salted, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).toMatch(new RegExp(`^scrypt\\$${SCRYPT_PARAMS.log2N}\\$8\\$1\\$`));
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horsf', a)).toBe(false);
    expect(await verifyPassword('x', 'not a hash')).toBe(false);
  });

  it('answers an unknown login, a disabled account and a wrong password the same way, and ends sessions on reset', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'biaojue-accounts-svc-'));
    const service = new AccountService(() => EmbeddedAccountStore.open(dir), Date.now, silentLogger);
    await service.start();
    const ended: string[][] = [];
    service.sessionsEnded.add(({ sessionIds }) => ended.push(sessionIds));
    const made = await service.create({ login: 'Li', displayName: '李明', roles: ['chair'], meetings: [] }, 'pass-word-123');
    expect(made).toMatchObject({ ok: true, account: { login: 'li' } });
    expect(await service.login('nobody', 'pass-word-123')).toEqual({ ok: false });
    expect(await service.login('li', 'wrong-wrong')).toEqual({ ok: false });
    const ok = await service.login(' LI ', 'pass-word-123');
    if (!ok.ok) throw new Error('login failed');
    const claims = { role: 'staff' as const, accountId: ok.account.accountId, sessionId: ok.session.sessionId };
    expect(await service.resolve(claims)).toMatchObject({ name: '李明', roles: ['chair'] });
    await service.resetPassword(ok.account.accountId, 'new-pass-word-1');
    expect(ended).toEqual([[ok.session.sessionId]]);
    expect(await service.resolve(claims)).toBeNull();
    await service.update(ok.account.accountId, { disabled: true });
    expect(await service.login('li', 'new-pass-word-1')).toEqual({ ok: false });
    await service.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('makes the first administrator from ADMIN_PASSWORD, generates one outside production, refuses in production', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'biaojue-accounts-admin-'));
    const service = new AccountService(() => EmbeddedAccountStore.open(dir), Date.now, silentLogger);
    await service.start();
    await expect(service.ensureFirstAdmin(null, false)).rejects.toThrow(/ADMIN_PASSWORD/);
    const made = await service.ensureFirstAdmin(null, true);
    expect(made).toMatchObject({ login: 'admin', generated: true });
    expect(await service.ensureFirstAdmin('another-password', true)).toBeNull();
    expect((await service.login('admin', made!.password)).ok).toBe(true);
    await service.close();
    await rm(dir, { recursive: true, force: true });
  });
});
