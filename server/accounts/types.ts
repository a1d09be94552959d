/**
 * Staff accounts: each a person with a login name, a display name (printed in the log and on
 * result sheets) and roles. See docs/SECURITY.md "Staff accounts".
 */
import { STAFF_ACCOUNT_ROLES, type StaffAccountRole } from '../../shared/protocol/http';

export const STAFF_ROLES = STAFF_ACCOUNT_ROLES;
export type StaffRole = StaffAccountRole;

export interface StaffAccount {
  accountId: string;
  /** What the person types at the login, lower case. */
  login: string;
  /** The person's name (Chinese), as the log and the result sheets print it. */
  displayName: string;
  roles: StaffRole[];
  /** Meetings this account may act on; administrators act on all. */
  meetings: string[];
  /** Acts on every meeting without assignment (administrators always do). */
  allMeetings?: boolean;
  /**
   * Bodies (issue 12: congresses, standing committees, street congresses) this account may act
   * on. A list of its own, so a body id equal to a meeting id never grants both. Optional:
   * account files written before bodies existed have none. allMeetings/administrators act on all.
   */
  bodies?: string[];
  disabled: boolean;
  /** scrypt hash, see password.ts. */
  passwordHash: string;
  createdAt: number;
  updatedAt: number;
}

/** One login: the JWT carries its id, and the session must still exist for the token to count. */
export interface StaffSession {
  sessionId: string;
  accountId: string;
  createdAt: number;
  expiresAt: number;
}

/**
 * Where accounts and sessions live: a JSON file in the data directory (embedded mode) or Redis
 * hashes (cluster mode, shared by every node). Both behave the same; tests run one contract.
 */
export interface AccountStore {
  listAccounts(): Promise<StaffAccount[]>;
  getAccount(accountId: string): Promise<StaffAccount | null>;
  findByLogin(login: string): Promise<StaffAccount | null>;
  /** Adds an account; false (and nothing written) when its login is taken. */
  createAccount(account: StaffAccount): Promise<boolean>;
  /** Replaces an existing account (its login never changes). */
  saveAccount(account: StaffAccount): Promise<void>;
  saveSession(session: StaffSession): Promise<void>;
  getSession(sessionId: string): Promise<StaffSession | null>;
  sessionsOf(accountId: string): Promise<StaffSession[]>;
  deleteSessions(sessionIds: readonly string[]): Promise<void>;
  close(): Promise<void>;
}
