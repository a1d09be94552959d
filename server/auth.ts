import jwt from 'jsonwebtoken';
import { z } from 'zod';

export type StaffRole = 'secretariat' | 'presidium';
export interface StaffPrincipal {
  role: StaffRole;
  name: string;
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
export type Principal = StaffPrincipal | DelegatePrincipal | WallPrincipal;

/**
 * Token lifetimes.
 * - staff 12h: one working day at the console; a stolen laptop token dies overnight.
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
  z.object({ role: z.enum(['secretariat', 'presidium']), name: z.string().min(1) }),
  z.object({ role: z.literal('delegate'), meetingId: z.string().min(1), seatId: z.string().min(1), deviceId: z.string().min(1) }),
  z.object({ role: z.literal('wall'), meetingId: z.string().min(1) }),
]);

export interface IssuedToken {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface Auth {
  sign(principal: Principal): IssuedToken;
  /** The token's principal, or null when it is missing, forged, expired or malformed. */
  verify(token: unknown): Principal | null;
}

function ttlFor(principal: Principal): number {
  if (principal.role === 'delegate') return TOKEN_TTL_SECONDS.delegate;
  if (principal.role === 'wall') return TOKEN_TTL_SECONDS.wall;
  return TOKEN_TTL_SECONDS.staff;
}

export function createAuth(secret: string): Auth {
  return {
    sign(principal) {
      const ttl = ttlFor(principal);
      const token = jwt.sign({ ...principal }, secret, { algorithm: ALGORITHM, expiresIn: ttl });
      return { token, expiresAt: Date.now() + ttl * 1000 };
    },
    verify(token) {
      if (typeof token !== 'string' || token.length === 0 || token.length > 4096) return null;
      try {
        const payload = jwt.verify(token, secret, { algorithms: [ALGORITHM] });
        const claims = ClaimsSchema.safeParse(payload);
        return claims.success ? claims.data : null;
      } catch {
        return null;
      }
    },
  };
}

export function isStaff(principal: Principal): principal is StaffPrincipal {
  return principal.role === 'secretariat' || principal.role === 'presidium';
}
