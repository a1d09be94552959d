import type { AccountService } from '../accounts/account-service';
import type { Auth } from '../auth';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { MeetingService } from '../meeting-service';
import type { SharedState } from './shared-state';
import type { BodyRegistry } from '../year/body-registry';

export interface ApiDeps {
  config: Config;
  auth: Auth;
  /** Staff accounts and their sessions (server/accounts/). */
  accounts: AccountService;
  service: MeetingService;
  logger: Logger;
  /** Base URL for links and QR codes; known only once the server listens. */
  publicUrl: () => string;
  /** Attempt counts and one-time values: in memory, or in Redis in cluster mode. */
  shared: SharedState;
  /** The body registry (issue 12, server/year/); its routes are mounted only when present. */
  bodies?: BodyRegistry;
}

/** Every staff role: reading meetings and results (a chair holds presidium). */
export const STAFF_ROLES = ['secretariat', 'presidium', 'teller', 'observer', 'administrator'] as const;

/** The link a seat card's QR code holds. */
export function pairingUrl(publicUrl: string, code: string): string {
  return `${publicUrl}/tablet.html?pair=${encodeURIComponent(code)}`;
}
