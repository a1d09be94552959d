import { checkBatchPaper } from '../../../../shared/domain/ballots/batch';
import { checkElectionPaper } from '../../../../shared/domain/ballots/election';
import type { BallotSpec } from '../../../../shared/domain/ballots/kinds';
import { checkRatingPaper } from '../../../../shared/domain/ballots/rating';
import { checkSlatePaper } from '../../../../shared/domain/ballots/slate';
import type { Paper } from '../paper';
import { batchReview } from './batch-paper';
import { electionReview } from './election-paper';
import { ratingReview } from './rating-paper';
import type { ReviewLine } from './review-lines';
import { slateReview } from './slate-paper';

export interface Review {
  lines: ReviewLine[];
  notes: string[];
}

/**
 * The review of a multi-row paper, read back through the kind's shared check so the tablet
 * shows exactly what the server will record. null for one-choice papers (motion, list vote),
 * which the single-choice confirm shows, and for a paper that is not this ballot's.
 */
export function reviewOf(spec: BallotSpec, paper: Paper): Review | null {
  switch (spec.kind) {
    case 'batch': {
      const check = checkBatchPaper(spec.batch, paper);
      return check.ok ? batchReview(spec.batch, check.paper) : null;
    }
    case 'slate': {
      const check = checkSlatePaper(spec.slate, paper);
      return check.ok ? slateReview(spec.slate, check.paper) : null;
    }
    case 'election': {
      const check = checkElectionPaper(spec.election, paper);
      return check.ok ? electionReview(spec.election, check.paper) : null;
    }
    case 'rating': {
      const check = checkRatingPaper(spec.rating, paper);
      return check.ok ? ratingReview(spec.rating, check.paper) : null;
    }
    case 'motion':
    case 'list_vote':
      return null;
  }
}

/** The single option of a motion-like paper ({option} or a combined batch), if that is what it is. */
export function singleOption(paper: Paper): 'yes' | 'no' | 'abstain' | null {
  if ('option' in paper) return paper.option;
  if ('combined' in paper) return paper.combined;
  return null;
}
