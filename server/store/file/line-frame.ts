import { hash } from 'node:crypto';

/**
 * One journal line: `{"c":"<checksum>","r":<payload>}` + "\n". The checksum is the first 16 hex
 * digits of the SHA-256 of the payload text, so a torn or bit-flipped line is detected without
 * trusting anything inside it. The line stays plain JSON, readable with ordinary tools.
 *
 * The payload is checked as the exact text between the fixed prefix and the closing brace, so
 * verification never depends on re-serialising the parsed value.
 */
const PREFIX = '{"c":"';
const CHECKSUM_LENGTH = 16;
const MIDDLE = '","r":';
const SUFFIX = '}';
const PAYLOAD_START = PREFIX.length + CHECKSUM_LENGTH + MIDDLE.length;
const HEX = /^[0-9a-f]+$/;

function checksumOf(payload: string): string {
  // One-shot crypto.hash (Node ≥ 20.12): no Hash object per line, a journal line per vote.
  return hash('sha256', payload, 'hex').slice(0, CHECKSUM_LENGTH);
}

/** The framed line for `value`, newline included. */
export function frameLine(value: unknown): string {
  const payload = JSON.stringify(value);
  return `${PREFIX}${checksumOf(payload)}${MIDDLE}${payload}${SUFFIX}\n`;
}

/**
 * The framed lines of `values`, newlines included, as the bytes to write. One string, encoded
 * once: four `Buffer.write` calls per line cost 4 µs a line in a burst. A burst's batches close
 * at MAX_BATCH_ITEMS votes, so the string stays small (an import's one batch is a one-off).
 */
export function frameLines(values: readonly unknown[]): Buffer {
  let text = '';
  for (const value of values) text += frameLine(value);
  return Buffer.from(text, 'utf8');
}

export type UnframedLine = { ok: true; value: unknown } | { ok: false; reason: string };

/** Checks and parses one line (without its newline). */
export function unframeLine(line: string): UnframedLine {
  if (line.length < PAYLOAD_START + SUFFIX.length || !line.startsWith(PREFIX) || !line.endsWith(SUFFIX)) {
    return { ok: false, reason: 'not a journal frame' };
  }
  const checksum = line.slice(PREFIX.length, PREFIX.length + CHECKSUM_LENGTH);
  if (!HEX.test(checksum) || line.slice(PREFIX.length + CHECKSUM_LENGTH, PAYLOAD_START) !== MIDDLE) {
    return { ok: false, reason: 'not a journal frame' };
  }
  const payload = line.slice(PAYLOAD_START, line.length - SUFFIX.length);
  if (checksumOf(payload) !== checksum) return { ok: false, reason: 'checksum mismatch' };
  try {
    return { ok: true, value: JSON.parse(payload) as unknown };
  } catch {
    // A matching checksum over invalid JSON means the writer itself was wrong: still unusable.
    return { ok: false, reason: 'payload is not JSON' };
  }
}
