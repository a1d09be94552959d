import { join } from 'node:path';
import { IdSchema } from '../../../shared/protocol/meeting';
import { InvalidStoreInputError } from '../errors';

/**
 * Where things live under the data directory:
 *   meetings/<meetingId>/journal.jsonl            the meeting's append-only journal
 *   meetings/<meetingId>/box/<ballotId>.<seq>.json a ballot box's counts as of journal batch <seq>
 * Ids become path segments, so only protocol-valid ids (letters, digits, _ and -) are accepted:
 * nothing can name a path outside the data directory.
 */
export const JOURNAL_FILE = 'journal.jsonl';
export const BOX_DIR = 'box';

export function isSafeId(id: string): boolean {
  return IdSchema.safeParse(id).success;
}

export function meetingsDir(dataDir: string): string {
  return join(dataDir, 'meetings');
}

export interface MeetingPaths {
  dir: string;
  journal: string;
  boxDir: string;
}

export function meetingPaths(dataDir: string, meetingId: string): MeetingPaths {
  if (!isSafeId(meetingId)) throw new InvalidStoreInputError(`meeting id ${JSON.stringify(meetingId)} is not a valid id`);
  const dir = join(meetingsDir(dataDir), meetingId);
  return { dir, journal: join(dir, JOURNAL_FILE), boxDir: join(dir, BOX_DIR) };
}
