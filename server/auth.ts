import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import type { Role } from '../shared/protocol/socket';
import type { StaffRole } from './accounts/types';

export type { StaffRole } from './accounts/types';

/**
 * A staff token names a session of an account, nothing more: the account's roles, meetings and
 * whether it is still enabled are read at every request and handshake (server/accounts/), so a
 * revoked session, a disabled account or a changed role takes effect at once.
 */
export interface StaffClaims {
  role: 'staff';
  accountId: string;
  sessionId: string;
}
/** A staff member as the server knows them for one request or connection. */
export interface StaffPrincipal extends StaffClaims {
  login: string;
  /** The person's display name, as the log names them. */
  name: string;
  roles: StaffRole[];
  /** Meetings the account is assigned to (administrators and all-meeting accounts act on all). */
  meetings: string[];
  allMeetings: boolean;
}
export interface DelegatePrincipal {
  role: 'delegate';
  meetingId: string;
  seatId: string;
  deviceId: string;
}
export interface WallPrincipal {
  role: 'wall';
  meetingId: string;
}
export type TokenClaims = StaffClaims | DelegatePrincipal | WallPrincipal;
export type Principal = StaffPrincipal | DelegatePrincipal | WallPrincipal;

/**
 * Token lifetimes.
 * - staff 12h: one working day at the console; a stolen laptop token dies overnight, and an
 *   administrator can revoke its session at any time before that.
 * - delegate 16h: one session day, from early sign-in to a late sitting; tablets pair again
 *   with a new seat card the next day.
 * - wall 7d: the projector is set up once before a multi-day congress and left running; it can
 *   only read what is shown in the hall anyway, and re-linking it mid-session would blank the
 *   screen in front of everyone.
 */
export const TOKEN_TTL_SECONDS = {
  staff: 12 * 3600,
  delegate: 16 * 3600,
  wall: 7 * 24 * 3600,
} as const;

const ALGORITHM = 'HS256';

const ClaimsSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('staff'), accountId: z.string().min(1), sessionId: z.string().min(1) }),
  z.object({ role: z.literal('delegate'), meetingId: z.string().min(1), seatId: z.string().min(1), deviceId: z.string().min(1) }),
  z.object({ role: z.literal('wall'), meetingId: z.string().min(1) }),
]);

export interface IssuedToken {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** Turns a staff token's claims into the person behind it, or null when the session is gone. */
export interface StaffResolver {
  resolve(claims: StaffClaims): Promise<StaffPrincipal | null>;
}

export interface Auth {
  sign(claims: TokenClaims): IssuedToken;
  /** The token's claims, or null when it is missing, forged, expired or malformed. */
  verify(token: unknown): TokenClaims | null;
  /**
   * The token's principal: for staff, only while the session exists and the account is enabled
   * (checked on every HTTP request and at every socket handshake).
   */
  authenticate(token: unknown): Promise<Principal | null>;
}

function ttlFor(claims: TokenClaims): number {
  if (claims.role === 'delegate') return TOKEN_TTL_SECONDS.delegate;
  if (claims.role === 'wall') return TOKEN_TTL_SECONDS.wall;
  return TOKEN_TTL_SECONDS.staff;
}

export function createAuth(secretText: string, staff: StaffResolver): Auth {
  // One key object for every token: given the string, jsonwebtoken first tries it as a PEM public
  // or private key (a throw each time) on every sign and verify, which was a quarter of the
  // server's CPU while a 3,000-seat hall paired and connected (docs/BENCHMARKS.md). Same HMAC key bytes.
  const secret = createSecretKey(Buffer.from(secretText, 'utf8'));
  const verify = (token: unknown): TokenClaims | null => {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) return null;
    try {
      const payload = jwt.verify(token, secret, { algorithms: [ALGORITHM] });
      const claims = ClaimsSchema.safeParse(payload);
      return claims.success ? claims.data : null;
    } catch {
      return null;
    }
  };
  return {
    sign(claims) {
      const ttl = ttlFor(claims);
      const { role } = claims;
      const body =
        role === 'staff'
          ? { role, accountId: claims.accountId, sessionId: claims.sessionId }
          : role === 'delegate'
            ? { role, meetingId: claims.meetingId, seatId: claims.seatId, deviceId: claims.deviceId }
            : { role, meetingId: claims.meetingId };
      const token = jwt.sign(body, secret, { algorithm: ALGORITHM, expiresIn: ttl });
      return { token, expiresAt: Date.now() + ttl * 1000 };
    },
    verify,
    async authenticate(token) {
      const claims = verify(token);
      if (!claims) return null;
      return claims.role === 'staff' ? staff.resolve(claims) : claims;
    },
  };
}

export function isStaff(principal: Principal): principal is StaffPrincipal {
  return principal.role === 'staff';
}

/**
 * The protocol roles (EVENT_ROLES, HTTP routes) a principal holds. A chair is a presidium
 * member who also decides requests; every staff role may read the console.
 */
const WIRE_ROLES: Record<StaffRole, readonly Role[]> = {
  administrator: ['administrator'],
  secretariat: ['secretariat'],
  presidium: ['presidium'],
  chair: ['presidium', 'chair'],
  teller: ['teller'],
  observer: ['observer'],
};

export function wireRolesOf(principal: Principal): Role[] {
  if (!isStaff(principal)) return [principal.role];
  return [...new Set(principal.roles.flatMap((r) => WIRE_ROLES[r]))];
}

/** Whether the principal holds one of `allowed`. */
export function mayUse(principal: Principal, allowed: readonly Role[]): boolean {
  // A tablet or wall holds one role: no array of roles made per event (every vote passes here).
  if (!isStaff(principal)) return allowed.includes(principal.role);
  return wireRolesOf(principal).some((r) => allowed.includes(r));
}

/**
 * The account role an action is taken under, for the log: the most specific of the person's
 * roles that allows it (a chair opening a ballot acts as chair, a teller entering counts as teller).
 */
const ROLE_PRECEDENCE: readonly StaffRole[] = ['chair', 'presidium', 'teller', 'secretariat', 'administrator', 'observer'];

export function roleUsed(principal: StaffPrincipal, allowed: readonly Role[]): StaffRole | null {
  for (const role of ROLE_PRECEDENCE) {
    if (principal.roles.includes(role) && WIRE_ROLES[role].some((w) => allowed.includes(w))) return role;
  }
  return null;
}

/** Whether a staff member may act on this meeting: assigned to it, or an administrator. */
export function mayActOn(principal: StaffPrincipal, meetingId: string): boolean {
  return principal.allMeetings || principal.roles.includes('administrator') || principal.meetings.includes(meetingId);
}
