import { randomUUID } from 'node:crypto';
import { TOKEN_TTL_SECONDS, type StaffClaims, type StaffPrincipal } from '../auth';
import type { AccountView } from '../../shared/protocol/http';
import type { Logger } from '../logger';
import { Signal } from '../service/signal';
import { dummyHash, generatePassword, hashPassword, verifyPassword } from './password';
import type { AccountStore, StaffAccount, StaffRole, StaffSession } from './types';

/** What an administrator may set on an account. */
export interface AccountInput {
  login: string;
  displayName: string;
  roles: StaffRole[];
  meetings: string[];
  /** Acts on every meeting, like an administrator (a standing secretariat of a small body). */
  allMeetings?: boolean;
}

export interface AccountPatch {
  displayName?: string;
  roles?: StaffRole[];
  meetings?: string[];
  allMeetings?: boolean;
  disabled?: boolean;
}

export type { AccountView };

export type LoginOutcome = { ok: true; account: StaffAccount; session: StaffSession } | { ok: false };

/** Sessions whose sockets must be disconnected now (revoked, or their account changed). */
export interface SessionsEnded {
  sessionIds: string[];
}

export const FIRST_ADMIN_LOGIN = 'admin';

/**
 * In an AccountInput's `meetings`, an entry `body:<bodyId>` assigns a body (issue 12) instead:
 * it is stored in the account's own `bodies` list. Meeting ids never contain ":" (IdSchema).
 */
export const BODY_ASSIGNMENT_PREFIX = 'body:';

function splitAssignments(entries: readonly string[]): { meetings: string[]; bodies: string[] } {
  const meetings: string[] = [];
  const bodies: string[] = [];
  for (const entry of entries) {
    if (entry.startsWith(BODY_ASSIGNMENT_PREFIX)) bodies.push(entry.slice(BODY_ASSIGNMENT_PREFIX.length));
    else meetings.push(entry);
  }
  return { meetings: [...new Set(meetings)], bodies: [...new Set(bodies)] };
}

export class AccountService {
  /** Live sockets of these sessions must go (the gateway disconnects them on every node). */
  readonly sessionsEnded: Signal<SessionsEnded>;
  private store: AccountStore | null = null;

  constructor(
    private readonly openStore: () => Promise<AccountStore>,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {
    this.sessionsEnded = new Signal((err) => logger.error('session listener failed', { err }));
  }

  /** Opens the store (the app's listen does this before the first request). */
  async start(): Promise<void> {
    this.store ??= await this.openStore();
  }

  async close(): Promise<void> {
    await this.store?.close();
    this.store = null;
  }

  private get accounts(): AccountStore {
    if (!this.store) throw new Error('account store not started');
    return this.store;
  }

  /**
   * The first administrator, when no enabled administrator exists: with `password` (ADMIN_PASSWORD),
   * or a generated one returned once for the operator to read. Returns null when nothing was made.
   */
  async ensureFirstAdmin(password: string | null, mayGenerate: boolean): Promise<{ login: string; password: string; generated: boolean } | null> {
    const all = await this.accounts.listAccounts();
    if (all.some((a) => a.roles.includes('administrator') && !a.disabled)) return null;
    if (all.some((a) => a.login === FIRST_ADMIN_LOGIN)) {
      // The "admin" account exists but lost its role or was disabled: only ADMIN_PASSWORD restores it.
      if (!password) return null;
      const admin = all.find((a) => a.login === FIRST_ADMIN_LOGIN)!;
      await this.accounts.saveAccount({
        ...admin,
        roles: [...new Set<StaffRole>([...admin.roles, 'administrator'])],
        disabled: false,
        passwordHash: await hashPassword(password),
        updatedAt: this.now(),
      });
      await this.revokeAll(admin.accountId);
      return { login: FIRST_ADMIN_LOGIN, password, generated: false };
    }
    if (password === null && !mayGenerate) {
      // Production: a generated password would have to be printed to the journal; refuse instead.
      throw new Error('refusing to start: there is no administrator account yet; set ADMIN_PASSWORD for this first start (docs/OPERATIONS.md "Staff accounts")');
    }
    const chosen = password ?? generatePassword();
    const created = await this.create({ login: FIRST_ADMIN_LOGIN, displayName: '系统管理员', roles: ['administrator'], meetings: [] }, chosen);
    if (!created.ok) return null; // another node made it first
    return { login: FIRST_ADMIN_LOGIN, password: chosen, generated: password === null };
  }

  /** Checks a password. Unknown and disabled accounts cost the same time as a wrong password. */
  async login(login: string, password: string): Promise<LoginOutcome> {
    const account = await this.accounts.findByLogin(normalizeLogin(login));
    const usable = account !== null && !account.disabled;
    const matches = await verifyPassword(password, usable ? account.passwordHash : await dummyHash());
    if (!usable || !matches) return { ok: false };
    const now = this.now();
    const session: StaffSession = {
      sessionId: randomUUID(),
      accountId: account.accountId,
      createdAt: now,
      expiresAt: now + TOKEN_TTL_SECONDS.staff * 1000,
    };
    await this.accounts.saveSession(session);
    return { ok: true, account, session };
  }

  /** The person behind a staff token, while its session lives and the account is enabled. */
  async resolve(claims: StaffClaims): Promise<StaffPrincipal | null> {
    const session = await this.accounts.getSession(claims.sessionId);
    if (!session || session.accountId !== claims.accountId || session.expiresAt <= this.now()) return null;
    const account = (await this.accounts.getAccount(claims.accountId));
    if (!account || account.disabled) return null;
    return {
      role: 'staff',
      accountId: account.accountId,
      sessionId: session.sessionId,
      login: account.login,
      name: account.displayName,
      roles: [...account.roles],
      meetings: [...account.meetings],
      allMeetings: account.allMeetings === true,
    };
  }

  /** For changing one's own password: the current hash is checked first. */
  async passwordHashOf(accountId: string): Promise<string | null> {
    return (await this.accounts.getAccount(accountId))?.passwordHash ?? null;
  }

  async list(): Promise<AccountView[]> {
    const all = await this.accounts.listAccounts();
    const views = await Promise.all(all.map((a) => this.view(a)));
    return views.sort((a, b) => a.createdAt - b.createdAt || a.login.localeCompare(b.login));
  }

  async get(accountId: string): Promise<AccountView | null> {
    const account = await this.accounts.getAccount(accountId);
    return account ? this.view(account) : null;
  }

  async create(input: AccountInput, password: string): Promise<{ ok: true; account: AccountView } | { ok: false; reason: 'login_taken' }> {
    const now = this.now();
    const { meetings, bodies } = splitAssignments(input.meetings);
    const account: StaffAccount = {
      accountId: `acc-${randomUUID()}`,
      login: normalizeLogin(input.login),
      displayName: input.displayName.trim(),
      roles: [...new Set(input.roles)],
      meetings,
      ...(bodies.length > 0 ? { bodies } : {}),
      allMeetings: input.allMeetings === true,
      disabled: false,
      passwordHash: await hashPassword(password),
      createdAt: now,
      updatedAt: now,
    };
    if (!(await this.accounts.createAccount(account))) return { ok: false, reason: 'login_taken' };
    this.logger.info('staff account created', { accountId: account.accountId, login: account.login, roles: account.roles });
    return { ok: true, account: await this.view(account) };
  }

  /**
   * Changes an account. Any change of roles, meetings or enabled state disconnects its live
   * sockets (they reconnect with what the account may do now); disabling also ends its sessions.
   */
  async update(accountId: string, patch: AccountPatch): Promise<AccountView | null> {
    const account = (await this.accounts.getAccount(accountId));
    if (!account) return null;
    const next: StaffAccount = {
      ...account,
      ...(patch.displayName !== undefined ? { displayName: patch.displayName.trim() } : {}),
      ...(patch.roles !== undefined ? { roles: [...new Set(patch.roles)] } : {}),
      ...(patch.meetings !== undefined ? { meetings: [...new Set(patch.meetings)] } : {}),
      ...(patch.allMeetings !== undefined ? { allMeetings: patch.allMeetings } : {}),
      ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
      updatedAt: this.now(),
    };
    await this.accounts.saveAccount(next);
    if (next.disabled) await this.revokeAll(accountId);
    else await this.disconnect(accountId);
    this.logger.info('staff account changed', { accountId, fields: Object.keys(patch) });
    return this.view(next);
  }

  /** Adds a meeting to an account's assignments (the secretariat that creates a meeting runs it). */
  async assign(accountId: string, meetingId: string): Promise<void> {
    const account = await this.accounts.getAccount(accountId);
    if (!account || account.meetings.includes(meetingId)) return;
    await this.accounts.saveAccount({ ...account, meetings: [...account.meetings, meetingId], updatedAt: this.now() });
  }

  /** Adds a body (issue 12) to an account's body assignments (the secretariat that creates a body runs it). */
  async assignBody(accountId: string, bodyId: string): Promise<void> {
    const account = await this.accounts.getAccount(accountId);
    if (!account || (account.bodies ?? []).includes(bodyId)) return;
    await this.accounts.saveAccount({ ...account, bodies: [...(account.bodies ?? []), bodyId], updatedAt: this.now() });
  }

  /**
   * Which bodies a staff principal may act on: all (administrators, all-meeting accounts) or
   * its account's body list, read now. Meeting assignments never count here.
   */
  async bodyAccess(principal: StaffPrincipal): Promise<(bodyId: string) => boolean> {
    if (principal.allMeetings || principal.roles.includes('administrator')) return () => true;
    const bodies = new Set((await this.accounts.getAccount(principal.accountId))?.bodies ?? []);
    return (bodyId) => bodies.has(bodyId);
  }

  /** Sets a new password (given, or generated and returned once) and ends every session of the account. */
  async resetPassword(accountId: string, password?: string): Promise<{ password: string } | null> {
    const account = await this.accounts.getAccount(accountId);
    if (!account) return null;
    const chosen = password ?? generatePassword();
    await this.accounts.saveAccount({ ...account, passwordHash: await hashPassword(chosen), updatedAt: this.now() });
    await this.revokeAll(accountId);
    this.logger.info('staff password reset', { accountId });
    return { password: chosen };
  }

  /** Ends every session of an account; their sockets are disconnected. */
  async revokeAll(accountId: string): Promise<number> {
    const sessions = await this.accounts.sessionsOf(accountId);
    await this.endSessions(sessions.map((s) => s.sessionId));
    return sessions.length;
  }

  /** Ends one session (a logout, or an administrator revoking a lost laptop's login). */
  async revokeSession(sessionId: string): Promise<boolean> {
    const session = await this.accounts.getSession(sessionId);
    if (!session) return false;
    await this.endSessions([sessionId]);
    return true;
  }

  private async endSessions(sessionIds: string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    await this.accounts.deleteSessions(sessionIds);
    this.sessionsEnded.emit({ sessionIds });
  }

  private async disconnect(accountId: string): Promise<void> {
    const sessions = await this.accounts.sessionsOf(accountId);
    if (sessions.length > 0) this.sessionsEnded.emit({ sessionIds: sessions.map((s) => s.sessionId) });
  }

  private async view(account: StaffAccount): Promise<AccountView> {
    const now = this.now();
    const sessions = (await this.accounts.sessionsOf(account.accountId))
      .filter((s) => s.expiresAt > now)
      .map(({ sessionId, createdAt, expiresAt }) => ({ sessionId, createdAt, expiresAt }));
    return {
      accountId: account.accountId,
      login: account.login,
      displayName: account.displayName,
      roles: [...account.roles],
      meetings: [...account.meetings],
      allMeetings: account.allMeetings === true,
      disabled: account.disabled,
      createdAt: account.createdAt,
      updatedAt: account.updatedAt,
      sessions,
    };
  }
}

export function normalizeLogin(login: string): string {
  return login.trim().toLowerCase();
}
