/**
 * A register's digest: what a node's copy of a shut ballot's register is compared by, so that
 * the close does not send the whole register over the wire when the copy already holds it
 * (3,000 entries were 10–60 ms of a cluster close on every node, docs/BENCHMARKS.md).
 *
 * Two 32-bit XORs over the entries' receipt ids: of each id's first 8 hex digits, and of the
 * first 8 of its last group (characters 25–32). A receipt id is a random version-4 UUID
 * (server/service/receipt-ids.ts), so both parts are 32 random bits, and a register that differs
 * in any entry gives the same digest with a chance of 2⁻⁶⁴. XOR takes an entry out as it put it
 * in: a replaced paper (last_counts) is one XOR out and one in. The Redis cast script keeps the
 * same digest beside the register, atomically with it (scripts/cast.ts, `rdigest` in the
 * ballot's gate); tests/store/redis-store.test.ts holds the two to each other.
 *
 * The digest is written `"<first>,<second>"`, each a signed 32-bit integer in decimal (what Lua's
 * bit library and JavaScript's `^` both give). A receipt id that is not of that form (an imported
 * or hand-made one) has no digest: the register is then always read whole, never trusted to one.
 */
const RECEIPT_FORM = /^[0-9a-fA-F]{8}-[0-9a-fA-F-]{15}[0-9a-fA-F]{12}$/;

/** The digest of an empty register. */
export const EMPTY_REGISTER_DIGEST = '0,0';

/** The digest of the register holding these entries, or null when an entry's receipt id is not a UUID. */
export function registerDigest(entries: Iterable<{ receiptId: string }>): string | null {
  let first = 0;
  let second = 0;
  for (const { receiptId } of entries) {
    if (!RECEIPT_FORM.test(receiptId)) return null;
    first ^= parseInt(receiptId.slice(0, 8), 16);
    second ^= parseInt(receiptId.slice(24, 32), 16);
  }
  return `${first},${second}`;
}

/** What a node holds of a shut ballot's register, sent with a read so the store may leave the register out. */
export interface HeldRegister {
  size: number;
  digest: string;
}
