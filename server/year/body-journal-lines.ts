import type { BodyEvent } from '../../shared/domain/year/body';
import { isCount, isObject } from '../store/file/journal-records';
import { frameLine, unframeLine } from '../store/file/line-frame';
import { BodyUnavailableError } from './body-store';

/**
 * The lines of a body journal (`<dataDir>/bodies/<bodyId>.jsonl`). One line per event, framed
 * and checksummed like the meeting journal's (server/store/file/line-frame.ts), its record
 * `{ "v": version, "b": k, "e": event }`: `v` the body's version before the append (the events
 * before it), `k` the lines of the append left from this one (1 on its last line). So an append
 * is all or nothing on disk: a crash in the middle of one leaves its first lines without its
 * last, and reading cuts them off (the append was never acknowledged: its fsync had not
 * returned). A bit flipped in a line is found by its checksum. Appends are serialized, each
 * after the previous one's fsync, so a line of a later append (a greater `v`) after a damaged
 * line proves the damaged one was acknowledged: that is damage to keep, never to cut.
 *
 * Journals written before the framing (plain JSON, one event per line) are read as appends of
 * one event each.
 */

const FRAME_PREFIX = '{"c":"';
const NEWLINE = 0x0a;

export class BodyJournalDamagedError extends BodyUnavailableError {
  constructor(readonly lineNumber: number, reason: string) {
    super(`body journal damaged at line ${lineNumber} (${reason}); restore the file from a backup`);
    this.name = 'BodyJournalDamagedError';
  }
}

/** The lines to append for `events` to a journal at `version`: one framed line each, newline included. */
export function bodyJournalLines(version: number, events: readonly BodyEvent[]): string[] {
  return events.map((e, i) => frameLine({ v: version, b: events.length - i, e }));
}

/** `version` null: a line written before the framing. */
type DecodedLine = { ok: true; event: BodyEvent; version: number | null; linesLeft: number } | { ok: false; reason: string };

function decodeLine(line: string): DecodedLine {
  if (!line.startsWith(FRAME_PREFIX)) {
    // Written before the framing: one plain JSON event, an append of its own.
    try {
      const event = JSON.parse(line) as unknown;
      return isObject(event) ? { ok: true, event: event as BodyEvent, version: null, linesLeft: 1 } : { ok: false, reason: 'not an event' };
    } catch {
      return { ok: false, reason: 'not JSON' };
    }
  }
  const unframed = unframeLine(line);
  if (!unframed.ok) return unframed;
  const record = unframed.value;
  if (!isObject(record) || !isCount(record['v'], 0) || !isCount(record['b'], 1) || !isObject(record['e'])) {
    return { ok: false, reason: 'not a body journal record' };
  }
  return { ok: true, event: record['e'] as BodyEvent, version: record['v'], linesLeft: record['b'] };
}

export interface ScannedJournal {
  /** Byte offset after each line of every complete append. */
  ends: number[];
  /** Where the complete appends end, when the bytes go on past it (a torn last append): the length to cut the file to. */
  cutTo: number | null;
}

/**
 * Checks a whole journal: every line's checksum and every append's lines. What follows the last
 * complete append (a line without its newline, the first lines of an append without its last,
 * or a damaged line among them) is an append that was never acknowledged: `cutTo` says where
 * the file ends. A damaged line before a complete append is damage to acknowledged data: thrown.
 */
export function scanBodyJournal(bytes: Buffer): ScannedJournal {
  const ends: number[] = [];
  /** Line ends of the append being read, and how many of its lines are still to come. */
  let pending: number[] = [];
  let linesLeft = 0;
  let damage: BodyJournalDamagedError | null = null;
  let lineNumber = 0;
  for (let start = 0, newline = bytes.indexOf(NEWLINE); newline !== -1; start = newline + 1, newline = bytes.indexOf(NEWLINE, start)) {
    lineNumber++;
    const decoded = decodeLine(bytes.toString('utf8', start, newline));
    if (damage) {
      // Past the damage, whole lines of the torn append itself may follow; any other whole line
      // (a later append's proves the damaged one was acknowledged; an old unframed line cannot
      // tell) means the damage is in data to keep.
      if (decoded.ok && decoded.version !== ends.length) throw damage;
      continue;
    }
    const fits =
      decoded.ok &&
      (decoded.version === null
        ? linesLeft === 0
        : decoded.version === ends.length && (linesLeft === 0 || decoded.linesLeft === linesLeft));
    if (!fits) {
      // A whole, checksummed line in the wrong place is no crash's doing (a crash leaves a line
      // unfinished or garbled): refused at once. A garbled one may be the torn append's.
      if (decoded.ok) throw new BodyJournalDamagedError(lineNumber, 'a line out of its append');
      damage = new BodyJournalDamagedError(lineNumber, decoded.reason);
      continue;
    }
    if (linesLeft === 0) linesLeft = decoded.linesLeft;
    pending.push(newline + 1);
    linesLeft--;
    if (linesLeft === 0) {
      ends.push(...pending);
      pending = [];
    }
  }
  const complete = ends.at(-1) ?? 0;
  return { ends, cutTo: complete < bytes.length ? complete : null };
}

/**
 * The events of `text`: whole lines of complete appends, as scanBodyJournal found them. Each
 * line's checksum is checked again: the index is trusted while the file's size is unchanged, and
 * a line damaged in place since then must fail here rather than be read.
 */
export function bodyEventsOf(text: string, firstLineNumber: number): BodyEvent[] {
  const events: BodyEvent[] = [];
  let lineNumber = firstLineNumber;
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    const decoded = decodeLine(line);
    if (!decoded.ok) throw new BodyJournalDamagedError(lineNumber, decoded.reason);
    events.push(decoded.event);
    lineNumber++;
  }
  return events;
}
