import { SPEAKING_LIMIT_MAX_SECONDS, SPEAKING_LIMIT_MIN_SECONDS } from '../../../../shared/domain/settings';

/** "m:ss" (or "h:mm:ss") for a speaking timer. */
export function clockText(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The grant form's minutes for a limit in seconds (R8 speakingLimitSeconds); 0 = no limit. */
export function limitMinutesOf(seconds: number | null): number {
  return seconds === null ? 0 : seconds / 60;
}

/** The grant's limitSeconds for the form's minutes: 0 or less is no limit; at least 10 s, at most 2 h (GrantFloor). */
export function grantLimitSeconds(minutes: number): number | null {
  if (!(minutes > 0)) return null;
  return Math.min(SPEAKING_LIMIT_MAX_SECONDS, Math.max(SPEAKING_LIMIT_MIN_SECONDS, Math.round(minutes * 60)));
}
