/**
 * Whether a secret from the environment is strong enough for production: the checks refuse
 * what people type when asked for "a secret" (`1`, `aaaaaaaaaaaaaaaa`, `0123456789abcdef`,
 * `abcabcabcabc`, `password1234`), not what a generator prints. A generated secret
 * (`openssl rand -base64 32`, `node -e "…randomBytes(32)…"`) passes every check.
 */

export interface SecretRule {
  minLength: number;
  /** Different characters at least: a generated secret uses most of its alphabet. */
  minDistinct: number;
  /** Estimated bits at least: length × the Shannon entropy of its characters. */
  minBits: number;
  /** Refuse a secret that is little more than a common word (people choose passwords; machines keys). */
  refuseCommonWords: boolean;
}

/** JWT_SECRET and BALLOT_KEY: keys for HMAC-SHA256 and for key wrapping; 32 random bytes. */
export const KEY_RULE: SecretRule = { minLength: 32, minDistinct: 12, minBits: 128, refuseCommonWords: false };
/** A password a person types (the administrator's bootstrap password). */
export const PASSWORD_RULE: SecretRule = { minLength: 12, minDistinct: 8, minBits: 40, refuseCommonWords: true };

/** Bits per character of the secret's own character frequencies, times its length. */
function estimatedBits(secret: string): number {
  const chars = [...secret];
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) {
    const p = n / chars.length;
    perChar -= p * Math.log2(p);
  }
  return perChar * chars.length;
}

/** Share of neighbouring pairs that repeat or step by one (aaaa, 1234, dcba). */
function predictableShare(secret: string): number {
  const codes = [...secret].map((c) => c.codePointAt(0) ?? 0);
  if (codes.length < 2) return 1;
  let predictable = 0;
  for (let i = 1; i < codes.length; i++) {
    if (Math.abs(codes[i]! - codes[i - 1]!) <= 1) predictable += 1;
  }
  return predictable / (codes.length - 1);
}

/** The shortest block the secret repeats (abcabcabc → 3); its length when it repeats nothing. */
function period(secret: string): number {
  const chars = [...secret];
  for (let p = 1; p <= chars.length / 2; p++) {
    if (chars.every((c, i) => i < p || c === chars[i - p])) return p;
  }
  return chars.length;
}

const COMMON_WORDS = ['password', 'passwort', 'secret', 'admin', 'changeme', 'biaojue', 'qwerty', 'letmein', '123456'];

/** Why `secret` is too weak under `rule`, or null when it is fine. Never repeats the secret. */
export function weakSecretReason(secret: string, rule: SecretRule): string | null {
  const length = [...secret].length;
  if (length < rule.minLength) return `is ${length} characters long; at least ${rule.minLength} are needed`;
  if (period(secret) < length) return 'repeats a shorter pattern';
  if (predictableShare(secret) > 0.5) return 'is mostly repeated or consecutive characters';
  const distinct = new Set(secret).size;
  if (distinct < rule.minDistinct) return `uses only ${distinct} different characters; at least ${rule.minDistinct} are needed`;
  const lower = secret.toLowerCase();
  const word = rule.refuseCommonWords ? COMMON_WORDS.find((w) => lower.includes(w)) : undefined;
  if (word && length - word.length < rule.minLength) return `is little more than the common word "${word}"`;
  if (estimatedBits(secret) < rule.minBits) return `is too predictable (under ${rule.minBits} bits by a character-frequency estimate)`;
  return null;
}
