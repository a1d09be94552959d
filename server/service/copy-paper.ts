import type { MeetingState } from '../../shared/domain/meeting';
import { ballotIn } from '../../shared/domain/vote-lookups';

/**
 * The paper the copy's box takes with a vote: a named ballot's, while it is open. Once closed, the
 * box was replaced by the store's, which already holds this paper. A secret ballot's box is never
 * kept open here (invariant 4): it arrives from the store at close.
 */
export function paperForCopy(state: MeetingState, ballotId: string, choiceKey: string | null): string | null {
  if (choiceKey === null) return null;
  const ballot = ballotIn(state, ballotId);
  return ballot?.status === 'open' && ballot.spec.secrecy === 'named' ? choiceKey : null;
}
