import { z } from 'zod';
import type { RegisterEntry } from '../../shared/domain/meeting';
import { hasExactlyKeys, isPlainObject } from '../../shared/protocol/plain-json';
import { MAX_PAYLOAD_BYTES } from '../../shared/protocol/socket';
import type { FollowedCast } from '../service/replica';

/**
 * How a notice carries a node's casts: one row each, not an object. A node reads every cast
 * of its peers; in a 3,000-vote burst on two nodes, objects with their keys cost a node ~5 µs
 * per peer's vote to parse and check (docs/BENCHMARKS.md, "A peer's casts as rows").
 */

/** Casts one notice carries at most: a burst is split into notices of this many (~28 KB each). */
export const MAX_CASTS_PER_NOTICE = 256;
/** The longest id a notice may carry (meeting, node, ballot, seat, key, receipt). */
export const NOTICE_ID_MAX = 200;
/** A named ballot's paper: a choice key is made from a payload, so no longer than one. */
const CHOICE_KEY_MAX = MAX_PAYLOAD_BYTES;

export const noticeId = z.string().min(1).max(NOTICE_ID_MAX);
/** A named ballot's paper as a notice carries it. */
export const noticeChoiceKey = z.string().min(1).max(CHOICE_KEY_MAX);

/**
 * One cast: the index of its ballot in the notice's `ballots`, the register entry (seat,
 * idempotency key, receipt, when), the ballot's turnout in the store right after it, and a named
 * ballot's paper, which its register holds beside the seat anyway (null on a secret ballot,
 * always: the store's entry has none to give, invariant 4).
 */
export const castRow = z.tuple([
  z.number().int().min(0).max(MAX_CASTS_PER_NOTICE - 1),
  noticeId,
  noticeId,
  noticeId,
  z.number().int(),
  z.number().int().min(1),
  noticeChoiceKey.nullable(),
]);

export type CastRow = z.infer<typeof castRow>;

/** The rows of a notice, and the ballots they name by index. */
export interface CastRows {
  ballots: string[];
  rows: CastRow[];
}

/** `casts` as rows, in the same order. */
export function toCastRows(casts: readonly FollowedCast[]): CastRows {
  const ballots: string[] = [];
  const rows: CastRow[] = [];
  // A notice's casts are nearly always of one ballot: the last one's index is tried first.
  let index = -1;
  for (const { entry, voted } of casts) {
    const { ballotId, seatId, idempotencyKey, receiptId, at, choiceKey } = entry;
    if (ballots[index] !== ballotId) {
      index = ballots.indexOf(ballotId);
      if (index < 0) index = ballots.push(ballotId) - 1;
    }
    rows.push([index, seatId, idempotencyKey, receiptId, at, voted, choiceKey]);
  }
  return { ballots, rows };
}

/** The casts of checked rows (`rows` name only ballots in `ballots`), each a new object. */
export function fromCastRows({ ballots, rows }: CastRows): FollowedCast[] {
  return rows.map(([index, seatId, idempotencyKey, receiptId, at, voted, choiceKey]) => {
    const entry: RegisterEntry = { ballotId: ballots[index]!, seatId, idempotencyKey, receiptId, at, choiceKey };
    return { entry, voted };
  });
}

const isNoticeId = (value: unknown): value is string => typeof value === 'string' && value.length >= 1 && value.length <= NOTICE_ID_MAX;

function isCastRow(row: unknown, ballots: number): row is CastRow {
  if (!Array.isArray(row) || row.length !== 7) return false;
  const [index, seatId, idempotencyKey, receiptId, at, voted, choiceKey] = row as unknown[];
  return (
    Number.isSafeInteger(index) &&
    (index as number) >= 0 &&
    (index as number) < ballots &&
    isNoticeId(seatId) &&
    isNoticeId(idempotencyKey) &&
    isNoticeId(receiptId) &&
    Number.isSafeInteger(at) &&
    Number.isSafeInteger(voted) &&
    (voted as number) >= 1 &&
    (choiceKey === null || (typeof choiceKey === 'string' && choiceKey.length >= 1 && choiceKey.length <= CHOICE_KEY_MAX))
  );
}

const CAST_ROWS_KEYS: ReadonlySet<string> = new Set(['t', 'from', 'meetingId', 'ballots', 'rows']);
const isCastRowsKey = (key: string): boolean => CAST_ROWS_KEYS.has(key);

/**
 * A `castRows` notice as JSON.parse made it, read without zod: what the notice schema accepts,
 * as fresh objects, or null for anything else, which the caller then gives to the schema (the one
 * definition of a notice, whose verdict stands). In a burst zod's generic tuple check was
 * ~3 µs a peer's vote; cast-rows.test.ts holds this reader to the schema on generated notices.
 */
export function readCastRowsNotice(value: unknown): ({ t: 'castRows'; from: string; meetingId: string } & CastRows) | null {
  if (!isPlainObject(value) || !hasExactlyKeys(value, isCastRowsKey, CAST_ROWS_KEYS.size)) return null;
  const { t, from, meetingId, ballots, rows } = value;
  if (t !== 'castRows' || !isNoticeId(from) || !isNoticeId(meetingId)) return null;
  if (!Array.isArray(ballots) || ballots.length < 1 || ballots.length > MAX_CASTS_PER_NOTICE || !ballots.every(isNoticeId)) return null;
  if (!Array.isArray(rows) || rows.length < 1 || rows.length > MAX_CASTS_PER_NOTICE) return null;
  for (const row of rows) if (!isCastRow(row, ballots.length)) return null;
  return { t, from, meetingId, ballots: ballots as string[], rows: rows as CastRow[] };
}
