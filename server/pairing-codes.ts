import { createHash, randomInt } from 'node:crypto';

/** No 0/O, 1/I/L: a code is read off paper and typed by hand. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
/** 31^10 ≈ 8·10^14 codes; a code is open only until it is used or replaced. */
export const CODE_LENGTH = 10;

export function generatePairingCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** What people type: any case, with spaces or dashes between groups. */
export function normalizePairingCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]+/g, '');
}

/** Only the hash goes into the log, so the log never holds a usable code. */
export function hashPairingCode(code: string): string {
  return createHash('sha256').update(normalizePairingCode(code), 'utf8').digest('hex');
}

/** "ABCDE-FGHJK", for printing. */
export function formatPairingCode(code: string): string {
  return code.length > 5 ? `${code.slice(0, 5)}-${code.slice(5)}` : code;
}
