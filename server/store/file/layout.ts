import { join } from 'node:path';
import { isId } from '../../../shared/protocol/ids';
import { InvalidStoreInputError } from '../errors';

/**
 * Where things live under the data directory:
 *   meetings/<meetingId>/journal.jsonl             the meeting's append-only journal
 *   meetings/<meetingId>/keys/<ballotId>.key       an open secret ballot's key, wrapped by the
 *                                                  master key; destroyed when the ballot closes
 *   meetings/<meetingId>/box/<ballotId>.<seq>.json counts written by older versions (read only)
 *   ballot-master.key                              development only: the master key when
 *                                                  BALLOT_KEY is not set
 * Ids become path segments, so only protocol-valid ids (letters, digits, _ and -) are accepted:
 * nothing can name a path outside the data directory.
 *
 * Only the server's own user may read anything here (invariant 4): directories are 0700 and
 * files 0600, whatever the umask.
 */
export const JOURNAL_FILE = 'journal.jsonl';
export const BOX_DIR = 'box';
export const KEYS_DIR = 'keys';
export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

export function isSafeId(id: string): boolean {
  return isId(id);
}

export function meetingsDir(dataDir: string): string {
  return join(dataDir, 'meetings');
}

export interface MeetingPaths {
  dir: string;
  journal: string;
  boxDir: string;
  keysDir: string;
}

export function meetingPaths(dataDir: string, meetingId: string): MeetingPaths {
  if (!isSafeId(meetingId)) throw new InvalidStoreInputError(`meeting id ${JSON.stringify(meetingId)} is not a valid id`);
  const dir = join(meetingsDir(dataDir), meetingId);
  return { dir, journal: join(dir, JOURNAL_FILE), boxDir: join(dir, BOX_DIR), keysDir: join(dir, KEYS_DIR) };
}
