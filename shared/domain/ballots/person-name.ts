/**
 * Normalizes a written-in name (另选他人, R3.2) so that write-ins for the same person are
 * tallied together: NFKC (full-width → half-width), one kind of middle dot for names like
 * 买买提·艾力, no spaces inside Chinese names, single spaces elsewhere.
 */
const MIDDLE_DOTS = /[\u00B7\u2022\u2027\u30FB\u0387\uFF0E\u2219]/gu;
const HAN = /\p{Script=Han}/u;
const CONTROL = /\p{Cc}|\p{Cf}/u;

export const MAX_NAME_LENGTH = 40;

export function normalizeName(name: string): string {
  const folded = name.normalize('NFKC').replace(MIDDLE_DOTS, '·').trim();
  return HAN.test(folded) ? folded.replace(/\s+/gu, '') : folded.replace(/\s+/gu, ' ');
}

/** Why a written-in name cannot be read, or null when it can. */
export function nameProblem(name: string): string | null {
  if (CONTROL.test(name)) return 'a name may not contain control characters';
  const normalized = normalizeName(name);
  if (normalized.length === 0) return 'a written-in name may not be empty';
  if (normalized.length > MAX_NAME_LENGTH) return `a written-in name may have at most ${MAX_NAME_LENGTH} characters`;
  return null;
}
