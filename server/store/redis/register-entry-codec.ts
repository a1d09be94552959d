import type { RegisterEntry } from '../../../shared/domain/meeting';

/**
 * A register entry as stored in `bj:{m}:voters:<ballotId>` (field = seat id): the JSON array
 * `[seq, at, idempotencyKey, receiptId, choiceKey | null]`. Ballot and seat are the key and the
 * field, so they are not repeated. `seq` is the meeting-wide recording order (readVotes sorts by
 * it); it says nothing about the box, which keeps counts only. The cast script writes the same
 * shape with cjson, so the two must change together.
 */
export type StoredRegisterEntry = [seq: number, at: number, idempotencyKey: string, receiptId: string, choiceKey: string | null];

export interface SequencedRegisterEntry {
  seq: number;
  entry: RegisterEntry;
}

export function encodeRegisterEntry(seq: number, p: RegisterEntry): string {
  const stored: StoredRegisterEntry = [seq, p.at, p.idempotencyKey, p.receiptId, p.choiceKey];
  return JSON.stringify(stored);
}

export function decodeRegisterEntry(ballotId: string, seatId: string, json: string): SequencedRegisterEntry {
  const value: unknown = JSON.parse(json);
  if (
    !Array.isArray(value) ||
    value.length !== 5 ||
    typeof value[0] !== 'number' ||
    typeof value[1] !== 'number' ||
    typeof value[2] !== 'string' ||
    typeof value[3] !== 'string' ||
    !(typeof value[4] === 'string' || value[4] === null)
  ) {
    throw new Error(`corrupt register entry for ballot ${ballotId}, seat ${seatId}`);
  }
  const [seq, at, idempotencyKey, receiptId, choiceKey] = value as StoredRegisterEntry;
  return { seq, entry: { ballotId, seatId, idempotencyKey, receiptId, at, choiceKey } };
}
