import type { MeetingEvent, RegisterEntry } from '../../../shared/domain/meeting';

/**
 * What one journal line holds. Every record names its batch (`s`), so recovery can tell a torn
 * last batch (never acknowledged) from damage to a batch that later batches were written after.
 *
 * - `e`: a command event and the version it makes;
 * - `pr`: the batch's register entries, sorted by seat (then ballot), as ONE record of rows
 *   (RegisterRow: for a secret ballot each choice is null, never written next to the seat). One
 *   line and one checksum per batch, not per vote: framing and hashing a line per vote was a third
 *   to a half of the cast path's instructions in the store and service (docs/BENCHMARKS.md, "One
 *   register line per batch"). Each entry's time is written as ms after the record's `at`: a
 *   small whole number prints several times faster than a 13-digit one, and rows without field
 *   names halve the line (390 → 190 ns a vote to stringify in a loop; in a burst most of the cost
 *   is reading each entry's strings, docs/BENCHMARKS.md, "Register rows");
 * - `ps`: the same entries as objects with their field names, as journals written before `pr`
 *   hold them; still written for a batch whose times are not all whole ms (an imported archive's);
 * - `p`: one register entry, as journals written before `ps` hold them (read, no longer written);
 * - `xs`: the `n` papers a batch casts on an open secret ballot `b`, shuffled, each padded to the
 *   ballot's one size, sealed as one (server/secrecy/ballot-keys.ts): unreadable without the
 *   ballot's key, which is destroyed at close; its length tells only `n`, which the batch's
 *   register entries (sorted by seat) tell anyway;
 * - `x`: one sealed paper, as journals written before `xs` hold them (read, no longer written);
 * - `t`: the box of ballot `b` as its gate shuts, `[choiceKey, count]` pairs in code-unit order
 *   of the key: counts only, no insertion order, written once in the batch that shuts it;
 * - `c`: the batch's commit marker, `n` = how many records precede it in the batch. A batch
 *   without its marker was never made durable, so it was never acknowledged.
 */
export type JournalRecord =
  | { s: number; k: 'e'; v: number; e: MeetingEvent }
  | { s: number; k: 'pr'; at: number; p: RegisterRow[] }
  | { s: number; k: 'ps'; p: RegisterEntry[] }
  | { s: number; k: 'p'; p: RegisterEntry }
  | { s: number; k: 'xs'; b: string; n: number; x: string }
  | { s: number; k: 'x'; b: string; x: string }
  | { s: number; k: 't'; b: string; t: Array<[string, number]> }
  | { s: number; k: 'c'; n: number };

/** One register entry of a `pr` record; its time is the record's `at` plus `msAfter`. */
export type RegisterRow = [ballotId: string, seatId: string, idempotencyKey: string, receiptId: string, msAfter: number, choiceKey: string | null];

type Fields = Record<string, unknown>;

/** A JSON object (not null, not an array); the body journal's lines are checked with it too. */
export const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
/** A whole number of at least `min`. */
export const isCount = (value: unknown, min: number): value is number => Number.isSafeInteger(value) && (value as number) >= min;

function isRegisterEntry(value: unknown): value is RegisterEntry {
  if (!isObject(value)) return false;
  return (
    typeof value.ballotId === 'string' &&
    typeof value.seatId === 'string' &&
    typeof value.idempotencyKey === 'string' &&
    typeof value.receiptId === 'string' &&
    typeof value.at === 'number' &&
    (value.choiceKey === null || typeof value.choiceKey === 'string')
  );
}

function isCountPairs(value: unknown): value is Array<[string, number]> {
  return (
    Array.isArray(value) &&
    value.every((pair) => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' && isCount(pair[1], 1))
  );
}

function isRegisterRow(value: unknown): value is RegisterRow {
  return (
    Array.isArray(value) &&
    value.length === 6 &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'string' &&
    typeof value[2] === 'string' &&
    typeof value[3] === 'string' &&
    Number.isSafeInteger(value[4]) &&
    (value[5] === null || typeof value[5] === 'string')
  );
}

/**
 * A batch's register entries as its one record (`pr`; `ps` if a time is not a whole number of ms,
 * which rows would not give back exactly), or none.
 */
export function registerRecords(seq: number, entries: readonly RegisterEntry[]): JournalRecord[] {
  if (entries.length === 0) return [];
  const at = (entries[0] as RegisterEntry).at;
  const rows: RegisterRow[] = new Array<RegisterRow>(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const p = entries[i] as RegisterEntry;
    const msAfter = p.at - at;
    if (!Number.isSafeInteger(p.at) || !Number.isSafeInteger(msAfter)) return [{ s: seq, k: 'ps', p: [...entries] }];
    rows[i] = [p.ballotId, p.seatId, p.idempotencyKey, p.receiptId, msAfter, p.choiceKey];
  }
  return [{ s: seq, k: 'pr', at, p: rows }];
}

/**
 * The ballots a record has register entries of, one id per entry (as registerEntriesOf's, without
 * making the entries: recovery asks it of every record, and the index makes them anyway).
 */
export function registerBallotIdsOf(record: JournalRecord): Iterable<string> {
  if (record.k === 'pr') return record.p.map((row) => row[0]);
  if (record.k === 'ps') return record.p.map((p) => p.ballotId);
  return record.k === 'p' ? [record.p.ballotId] : [];
}

/** The register entries a record holds: those of `pr` or `ps`, the one of `p`, none for other kinds. */
export function registerEntriesOf(record: JournalRecord): readonly RegisterEntry[] {
  if (record.k === 'pr') {
    return record.p.map(([ballotId, seatId, idempotencyKey, receiptId, msAfter, choiceKey]) => ({ ballotId, seatId, idempotencyKey, receiptId, at: record.at + msAfter, choiceKey }));
  }
  if (record.k === 'ps') return record.p;
  return record.k === 'p' ? [record.p] : [];
}

/**
 * Checks the shape of a record read back from a checksummed line. Events are checked only for
 * a type: their content was made by `decide` and is protected by the line's checksum.
 */
export function asJournalRecord(value: unknown): JournalRecord | null {
  if (!isObject(value) || !isCount(value.s, 1)) return null;
  switch (value.k) {
    case 'e':
      return isCount(value.v, 1) && isObject(value.e) && typeof value.e.type === 'string' ? (value as JournalRecord) : null;
    case 'pr':
      return Number.isSafeInteger(value.at) && Array.isArray(value.p) && value.p.length > 0 && value.p.every(isRegisterRow) ? (value as JournalRecord) : null;
    case 'ps':
      return Array.isArray(value.p) && value.p.length > 0 && value.p.every(isRegisterEntry) ? (value as JournalRecord) : null;
    case 'p':
      return isRegisterEntry(value.p) ? (value as JournalRecord) : null;
    case 'xs':
      return typeof value.b === 'string' && isCount(value.n, 1) && typeof value.x === 'string' ? (value as JournalRecord) : null;
    case 'x':
      return typeof value.b === 'string' && typeof value.x === 'string' ? (value as JournalRecord) : null;
    case 't':
      return typeof value.b === 'string' && isCountPairs(value.t) ? (value as JournalRecord) : null;
    case 'c':
      return isCount(value.n, 0) ? (value as JournalRecord) : null;
    default:
      return null;
  }
}
