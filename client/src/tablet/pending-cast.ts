import { readJson, removeKey, writeJson } from '../lib/storage';
import { isPaper, type Paper } from './paper';

/**
 * A vote the delegate confirmed that the server has not yet acknowledged. It is written BEFORE
 * the first send, so a reload, a dropped socket or a timed-out ack resends the very same key and
 * paper, and the server can answer "already recorded" instead of counting it twice.
 */
export interface PendingCast {
  seatId: string;
  ballotId: string;
  key: string;
  /** The ballot paper exactly as confirmed: `{ option }` for a motion, the kind's paper otherwise. */
  paper: Paper;
}

const KEY = 'biaojue.tablet.pendingCast';

/** What is stored; `option` is the motion-only shape written before every kind had its paper. */
type StoredCast = Omit<PendingCast, 'paper'> & { paper?: unknown; option?: unknown };

function isStoredCast(v: unknown): v is StoredCast {
  const p = v as Partial<StoredCast> | null;
  return typeof p?.seatId === 'string' && typeof p.ballotId === 'string' && typeof p.key === 'string';
}

function paperOf(stored: StoredCast): Paper | null {
  if (isPaper(stored.paper)) return stored.paper;
  const option = stored.option;
  return option === 'yes' || option === 'no' || option === 'abstain' ? { option } : null;
}

export function loadPendingCast(seatId: string): PendingCast | null {
  const stored = readJson(KEY, isStoredCast);
  if (!stored || stored.seatId !== seatId) return null;
  const paper = paperOf(stored);
  return paper ? { seatId: stored.seatId, ballotId: stored.ballotId, key: stored.key, paper } : null;
}

export function savePendingCast(pending: PendingCast): boolean {
  return writeJson(KEY, pending);
}

export function clearPendingCast(): void {
  removeKey(KEY);
}
