import type { Decision } from '../decision';
import type { MeetingState } from '../meeting';

/**
 * A meeting made in the console starts with an empty roster (issue 10: the roster comes by
 * import). The session, and any sitting, needs at least one seat: with 0 seats 应到 is 0 and no
 * quorum (R1.5) means anything, so opening is refused with its own code, not QUORUM_NOT_MET.
 */
export function emptyRosterRefusal(state: Pick<MeetingState, 'spec'>): Decision | null {
  if (state.spec.delegates.length > 0) return null;
  return { ok: false, code: 'EMPTY_ROSTER', message: '名单为空，不能开会：请先导入代表名单 (the roster is empty: import it before opening)' };
}
