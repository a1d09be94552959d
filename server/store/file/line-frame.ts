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

/** The framed line for `value`, newline included (one line of frameLines). */
export function frameLine(value: unknown): string {
  return frameLines([value]).toString('utf8');
}

/** Bytes of a frame around its payload: prefix, checksum, middle, suffix, newline (all ASCII). */
const FRAME_BYTES = PAYLOAD_START + SUFFIX.length + 1;
const HEX_DIGITS = '0123456789abcdef';

/**
 * The framed lines of `values`, newlines included, as the bytes to write, straight into one
 * buffer. A batch of 3,000 votes is 6,000 lines; joining their strings first made a ~1 MB string
 * and a copy of it per batch.
 */
export function frameLines(values: readonly unknown[]): Buffer {
  const payloads = values.map((value) => JSON.stringify(value));
  let size = 0;
  for (const payload of payloads) size += FRAME_BYTES + Buffer.byteLength(payload, 'utf8');
  const bytes = Buffer.allocUnsafe(size);
  let at = 0;
  for (const payload of payloads) {
    at += bytes.write(PREFIX, at, 'latin1');
    const digest = hash('sha256', payload, 'buffer');
    for (let i = 0; i < CHECKSUM_LENGTH / 2; i++) {
      bytes[at++] = HEX_DIGITS.charCodeAt(digest[i]! >> 4);
      bytes[at++] = HEX_DIGITS.charCodeAt(digest[i]! & 15);
    }
    at += bytes.write(MIDDLE, at, 'latin1');
    at += bytes.write(payload, at, 'utf8');
    at += bytes.write(`${SUFFIX}\n`, at, 'latin1');
  }
  return bytes;
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
