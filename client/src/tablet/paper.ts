import type { Choice } from '../../../shared/domain/ballots/kinds';

/**
 * A ballot paper as the tablet sends it in `ballot:cast`: `{ option }` for a motion or a list
 * vote, the kind's own paper (BatchPaper, SlatePaper, ElectionPaper, RatingPaper) otherwise.
 * The flow only stores and resends it; the kind's screen builds it and the shared checkXPaper
 * function validates it, the same function the server runs.
 */
export type Paper = Choice;

/** Shape only: the server checks the paper against its ballot whatever we stored. */
export function isPaper(value: unknown): value is Paper {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
