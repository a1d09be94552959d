import { open } from 'node:fs/promises';
import { asJournalRecord, type JournalRecord } from './journal-records';
import { unframeLine } from './line-frame';

interface RawLine {
  text: string;
  /** Byte offset of the line's first byte. */
  start: number;
  /** Byte offset just past the line (and its newline, if any). */
  end: number;
  terminated: boolean;
}

const NEWLINE = 0x0a;
const CHUNK_BYTES = 1 << 20;

/** Lines with their byte offsets, read in chunks so memory stays flat for a long journal. */
async function* readLines(path: string): AsyncGenerator<RawLine> {
  const handle = await open(path, 'r');
  try {
    let carry: Buffer[] = [];
    let carryStart = 0;
    let position = 0;
    const chunk = Buffer.alloc(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, position);
      if (bytesRead === 0) break;
      const data = chunk.subarray(0, bytesRead);
      let from = 0;
      for (let i = data.indexOf(NEWLINE); i !== -1; i = data.indexOf(NEWLINE, from)) {
        const text = Buffer.concat([...carry, data.subarray(from, i)]).toString('utf8');
        yield { text, start: carryStart, end: position + i + 1, terminated: true };
        carry = [];
        carryStart = position + i + 1;
        from = i + 1;
      }
      // Copy: `chunk` is reused by the next read.
      if (from < bytesRead) carry.push(Buffer.from(data.subarray(from)));
      position += bytesRead;
    }
    if (carry.length > 0) {
      yield { text: Buffer.concat(carry).toString('utf8'), start: carryStart, end: position, terminated: false };
    }
  } finally {
    await handle.close();
  }
}

export interface JournalScan {
  /** Byte length of the committed prefix. */
  committedBytes: number;
  /** Bytes after the committed prefix that recovery must cut off, and why; null when none. */
  tail: { reason: string; bytes: number } | null;
  /** Why the journal cannot be trusted; null when it can. */
  damage: string | null;
}

/**
 * Reads a journal batch by batch, handing each committed batch to `onBatch` (which returns a
 * reason if the batch makes no sense). A batch is committed when its marker is present and every
 * line of it is intact.
 *
 * A problem in the LAST batch (a torn line, a bad frame, a missing marker) is a write the crash
 * interrupted: that batch was never synced, so never acknowledged, and is reported as a tail to
 * cut off. A problem followed by any record of a later batch is damage: a batch is written only
 * after the one before it was synced, so the broken data had been durable.
 */
export async function scanJournal(
  path: string,
  onBatch: (seq: number, records: JournalRecord[]) => string | null,
): Promise<JournalScan> {
  let committedBytes = 0;
  let committedSeq = 0;
  let fileBytes = 0;
  let batch: JournalRecord[] = [];
  let problem: { reason: string; at: number } | null = null;
  const damaged = (reason: string): JournalScan => ({ committedBytes, tail: null, damage: reason });

  for await (const line of readLines(path)) {
    fileBytes = line.end;
    const framed = line.terminated ? unframeLine(line.text) : ({ ok: false, reason: 'line without newline' } as const);
    if (!framed.ok) {
      problem ??= { reason: framed.reason, at: line.start };
      continue;
    }
    const record = asJournalRecord(framed.value);
    if (problem) {
      if (!record || record.s !== committedSeq + 1) {
        return damaged(`${problem.reason} at byte ${problem.at}, with later records after it`);
      }
      continue; // still inside the interrupted batch
    }
    if (!record) return damaged(`unrecognised record at byte ${line.start}`);
    if (record.s !== committedSeq + 1) {
      return damaged(`record of batch ${record.s} at byte ${line.start} where batch ${committedSeq + 1} was expected`);
    }
    if (record.k !== 'c') {
      batch.push(record);
      continue;
    }
    if (record.n !== batch.length) {
      return damaged(`batch ${record.s} commit marker counts ${record.n} records but ${batch.length} precede it`);
    }
    const reason = onBatch(record.s, batch);
    if (reason) return damaged(`batch ${record.s}: ${reason}`);
    committedSeq = record.s;
    committedBytes = line.end;
    batch = [];
  }

  if (fileBytes === committedBytes) return { committedBytes, tail: null, damage: null };
  const reason = problem ? `${problem.reason} at byte ${problem.at}` : `batch ${committedSeq + 1} has no commit marker`;
  return { committedBytes, tail: { reason, bytes: fileBytes - committedBytes }, damage: null };
}
