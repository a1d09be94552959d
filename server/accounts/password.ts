import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Staff passwords are stored as scrypt hashes (RFC 7914), a memory-hard KDF: each guess costs
 * 128·N·r bytes of memory and matching time, so a stolen account file or Redis hash cannot be
 * brute-forced on GPUs cheaply.
 *
 * Parameters: N = 2^15, r = 8, p = 1 → 32 MiB and roughly 50–100 ms per hash on a server core;
 * OWASP's minimum for scrypt is N = 2^17 with r = 8 at p = 1 *or* equivalent memory·time, and
 * 2^15 is the value Node and libsodium's "interactive" profile use. Logins are rare (a few dozen
 * staff per sitting), so the cost is paid only at login, never per request. The parameters are
 * stored in each hash, so raising them later keeps old hashes verifiable.
 *
 * Format: `scrypt$<log2 N>$<r>$<p>$<salt base64url>$<key base64url>`, 16-byte salt, 32-byte key.
 */
export const SCRYPT_PARAMS = { log2N: 15, r: 8, p: 1, saltBytes: 16, keyBytes: 32 } as const;

function derive(password: string, salt: Buffer, log2N: number, r: number, p: number, keyBytes: number): Promise<Buffer> {
  const N = 2 ** log2N;
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyBytes, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const { log2N, r, p, saltBytes, keyBytes } = SCRYPT_PARAMS;
  const salt = randomBytes(saltBytes);
  const key = await derive(password, salt, log2N, r, p, keyBytes);
  return ['scrypt', log2N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

const HASH_PATTERN = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]{8,})\$([A-Za-z0-9_-]{16,})$/;

/** Whether `password` matches `stored`; a malformed hash never matches. Compares in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = HASH_PATTERN.exec(stored);
  if (!m) return false;
  const [log2N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (log2N < 10 || log2N > 20 || r < 1 || r > 32 || p < 1 || p > 16) return false;
  const salt = Buffer.from(m[4]!, 'base64url');
  const expected = Buffer.from(m[5]!, 'base64url');
  const key = await derive(password, salt, log2N, r, p, expected.length);
  return timingSafeEqual(key, expected);
}

/**
 * A hash of a random password nobody knows. A login for an unknown or disabled account is
 * checked against it, so the answer takes as long as for a real account with a wrong password:
 * the timing says nothing about which login names exist.
 */
let dummy: Promise<string> | null = null;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('base64url'));
  return dummy;
}

/** A generated password: 16 characters from an alphabet without look-alikes (about 90 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(16);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}
