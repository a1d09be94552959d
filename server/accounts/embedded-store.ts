import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { STAFF_ROLES, type AccountStore, type StaffAccount, type StaffSession } from './types';

export const ACCOUNTS_FILE = 'staff-accounts.json';

const AccountSchema = z.object({
  accountId: z.string().min(1),
  login: z.string().min(1),
  displayName: z.string().min(1),
  roles: z.array(z.enum(STAFF_ROLES)),
  meetings: z.array(z.string()),
  allMeetings: z.boolean().optional(),
  bodies: z.array(z.string()).optional(),
  disabled: z.boolean(),
  passwordHash: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
const SessionSchema = z.object({ sessionId: z.string(), accountId: z.string(), createdAt: z.number(), expiresAt: z.number() });
const FileSchema = z.object({ version: z.literal(1), accounts: z.array(AccountSchema), sessions: z.array(SessionSchema) });
type AccountsFile = z.infer<typeof FileSchema>;

/**
 * Embedded mode: every account and session in one small JSON file beside the meetings, mode
 * 0600 (it holds password hashes). Each change rewrites the file atomically: write a temporary
 * file, fsync it, rename it over the old one, fsync the directory; a crash leaves the old or
 * the new file, never half of one. The whole file is held in memory (a few hundred staff at
 * most) and writes are serialized, so the file always equals memory after each write.
 */
export class EmbeddedAccountStore implements AccountStore {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly now: () => number,
    private data: AccountsFile,
  ) {}

  static async open(dataDir: string, now: () => number = Date.now): Promise<EmbeddedAccountStore> {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const file = path.join(dataDir, ACCOUNTS_FILE);
    let data: AccountsFile = { version: 1, accounts: [], sessions: [] };
    try {
      const text = await readFile(file, 'utf8');
      const parsed = FileSchema.safeParse(JSON.parse(text));
      // A damaged account file must not be replaced by an empty one (that would lose every account).
      if (!parsed.success) throw new Error(`${file} is not a valid account file: ${parsed.error.issues[0]?.message ?? ''}`);
      data = parsed.data;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    return new EmbeddedAccountStore(file, now, data);
  }

  async listAccounts(): Promise<StaffAccount[]> {
    return this.data.accounts.map((a) => structuredClone(a));
  }

  async getAccount(accountId: string): Promise<StaffAccount | null> {
    const found = this.data.accounts.find((a) => a.accountId === accountId);
    return found ? structuredClone(found) : null;
  }

  async findByLogin(login: string): Promise<StaffAccount | null> {
    const found = this.data.accounts.find((a) => a.login === login);
    return found ? structuredClone(found) : null;
  }

  createAccount(account: StaffAccount): Promise<boolean> {
    return this.change((data) => {
      if (data.accounts.some((a) => a.login === account.login || a.accountId === account.accountId)) return false;
      data.accounts.push(structuredClone(account));
      return true;
    });
  }

  async saveAccount(account: StaffAccount): Promise<void> {
    await this.change((data) => {
      const i = data.accounts.findIndex((a) => a.accountId === account.accountId);
      if (i < 0) throw new Error(`no account ${account.accountId}`);
      data.accounts[i] = structuredClone(account);
      return true;
    });
  }

  async saveSession(session: StaffSession): Promise<void> {
    await this.change((data) => {
      const now = this.now();
      // Expired sessions are dropped as new ones come, so the file stays small.
      data.sessions = data.sessions.filter((s) => s.expiresAt > now && s.sessionId !== session.sessionId);
      data.sessions.push({ ...session });
      return true;
    });
  }

  async getSession(sessionId: string): Promise<StaffSession | null> {
    const found = this.data.sessions.find((s) => s.sessionId === sessionId);
    return found ? { ...found } : null;
  }

  async sessionsOf(accountId: string): Promise<StaffSession[]> {
    return this.data.sessions.filter((s) => s.accountId === accountId).map((s) => ({ ...s }));
  }

  async deleteSessions(sessionIds: readonly string[]): Promise<void> {
    const gone = new Set(sessionIds);
    await this.change((data) => {
      const before = data.sessions.length;
      data.sessions = data.sessions.filter((s) => !gone.has(s.sessionId));
      return data.sessions.length !== before;
    });
  }

  async close(): Promise<void> {
    await this.writing;
  }

  /**
   * Applies `edit` to a copy; when it reports a change, writes the copy durably and only then
   * makes it the store's memory, so a failed write leaves memory equal to the file.
   */
  private change(edit: (data: AccountsFile) => boolean): Promise<boolean> {
    const run = this.writing.then(async () => {
      const next = structuredClone(this.data);
      if (!edit(next)) return false;
      await this.writeFile(next);
      this.data = next;
      return true;
    });
    this.writing = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async writeFile(data: AccountsFile): Promise<void> {
    const tmp = `${this.file}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(JSON.stringify(data, null, 1) + '\n', 'utf8');
      await handle.sync();
    } catch (err) {
      await handle.close();
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
    await handle.close();
    await rename(tmp, this.file);
    const dir = await open(path.dirname(this.file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}
