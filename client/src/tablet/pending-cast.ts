import type { MotionOption } from '../../../shared/domain/ballots/motion';
import { readJson, removeKey, writeJson } from '../lib/storage';

/**
 * A vote the delegate confirmed that the server has not yet acknowledged. It is written BEFORE
 * the first send, so a reload, a dropped socket or a timed-out ack resends the very same key and
 * the server can answer "already recorded" instead of counting it twice.
 */
export interface PendingCast {
  seatId: string;
  ballotId: string;
  key: string;
  option: MotionOption;
}

const KEY = 'biaojue.tablet.pendingCast';

function isPendingCast(v: unknown): v is PendingCast {
  const p = v as Partial<PendingCast> | null;
  return (
    typeof p?.seatId === 'string' &&
    typeof p.ballotId === 'string' &&
    typeof p.key === 'string' &&
    (p.option === 'yes' || p.option === 'no' || p.option === 'abstain')
  );
}

export function loadPendingCast(seatId: string): PendingCast | null {
  const pending = readJson(KEY, isPendingCast);
  return pending && pending.seatId === seatId ? pending : null;
}

export function savePendingCast(pending: PendingCast): boolean {
  return writeJson(KEY, pending);
}

export function clearPendingCast(): void {
  removeKey(KEY);
}
