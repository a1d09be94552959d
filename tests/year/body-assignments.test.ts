// Body assignments of staff accounts (issue 12): their own list beside the meeting list, so a
// body id equal to a meeting id never grants both; account files written before bodies existed
// still load, and the list survives a reopen.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AccountService } from '../../server/accounts/account-service';
import { ACCOUNTS_FILE, EmbeddedAccountStore } from '../../server/accounts/embedded-store';
import type { StaffPrincipal } from '../../server/auth';
import { mayActOn } from '../../server/auth';
import { silentLogger } from '../../server/logger';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function service(dir: string): Promise<AccountService> {
  const accounts = new AccountService(() => EmbeddedAccountStore.open(dir), () => 1_000, silentLogger);
  await accounts.start();
  return accounts;
}

function principal(accountId: string, meetings: string[]): StaffPrincipal {
  return { role: 'staff', accountId, sessionId: 's', login: 'x', name: 'x', roles: ['secretariat'], meetings, allMeetings: false };
}

describe('body assignments of staff accounts', () => {
  it('an old account file (no body list) loads; a meeting assignment does not grant a body of the same id', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bj-bodies-'));
    dirs.push(dir);
    const old = {
      version: 1,
      accounts: [
        { accountId: 'acc-li', login: 'li', displayName: '李秘书', roles: ['secretariat'], meetings: ['county'], disabled: false, passwordHash: 'x', createdAt: 1, updatedAt: 1 },
      ],
      sessions: [],
    };
    await writeFile(path.join(dir, ACCOUNTS_FILE), JSON.stringify(old), { mode: 0o600 });
    const accounts = await service(dir);
    const li = principal('acc-li', ['county']);
    // The meeting "county" is assigned; the body "county" is not.
    expect(mayActOn(li, 'county')).toBe(true);
    expect((await accounts.bodyAccess(li))('county')).toBe(false);

    await accounts.assignBody('acc-li', 'town');
    await accounts.assignBody('acc-li', 'town');
    await accounts.close();
    const again = await service(dir);
    const access = await again.bodyAccess(li);
    expect([access('town'), access('county')]).toEqual([true, false]);
    // The accounts page's meeting list is unchanged: no body shows there as a meeting.
    expect((await again.get('acc-li'))?.meetings).toEqual(['county']);
    await again.close();
  });

  it('"body:<id>" in an account\'s assignments goes to its body list; all-meeting accounts act on every body', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bj-bodies-'));
    dirs.push(dir);
    const accounts = await service(dir);
    const made = await accounts.create({ login: 'wang', displayName: '王秘书', roles: ['secretariat'], meetings: ['body:demo-county', 'demo-county-5'] }, 'password-1234-abcd');
    if (!made.ok) throw new Error('not created');
    expect(made.account.meetings).toEqual(['demo-county-5']);
    const wang = principal(made.account.accountId, made.account.meetings);
    const access = await accounts.bodyAccess(wang);
    expect([access('demo-county'), access('demo-county-5')]).toEqual([true, false]);
    expect((await accounts.bodyAccess({ ...wang, allMeetings: true }))('anything')).toBe(true);
    await accounts.close();
  });
});
