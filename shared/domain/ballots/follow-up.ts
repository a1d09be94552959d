/**
 * Follow-up ballots the presidium starts from a published result in one click:
 * - tie_revote: a new vote among the tied only, for the places/seats the tie left (R3.6, R4.5);
 *   the most votes win, so it is never tied at a bar it already passed;
 * - further_election: 另行选举 of seats the first round left open (R3.7), with candidates from
 *   the first round's vote order (followUpElection) unless the presidium nominates afresh.
 */
import { followUpElection, type ElectionCandidate } from './election';
import type { BallotDraft, BallotResult, BallotSpec, FollowUpReason } from './kinds';

export type FollowUpDraft = { ok: true; draft: BallotDraft } | { ok: false; message: string };

export interface FollowUpOptions {
  /** further_election only: candidates nominated afresh instead of the first round's order. */
  candidates?: ElectionCandidate[];
}

/** Ids for written-in people who become candidates of the re-vote. */
function writeInCandidateId(index: number): string {
  return `writein-${index + 1}`;
}

export function followUpDraft(
  source: BallotSpec,
  result: BallotResult,
  reason: FollowUpReason,
  options: FollowUpOptions = {},
): FollowUpDraft {
  const base = {
    secrecy: source.secrecy,
    durationSec: source.durationSec,
    method: source.method ?? 'electronic',
  } as const;
  if (reason === 'tie_revote') {
    if (source.kind === 'slate' && result.kind === 'slate') {
      if (!result.tieRevote) return { ok: false, message: '此次票决没有并列需要再次投票 (no tie to re-vote)' };
      const tied = new Set(result.tieRevote.projectIds);
      return {
        ok: true,
        draft: {
          ...base,
          kind: 'slate',
          title: `${source.title}（并列项目再次投票）`,
          slate: {
            places: result.tieRevote.places,
            projects: source.slate.projects.filter((p) => tied.has(p.projectId)),
            // The re-vote is among projects that all passed the bar: the most 赞成 win (R3.6 by analogy).
            settings: { ...source.slate.settings, rule: 'top_k_only' },
            // The re-vote decides places of the same year's list.
            ...(source.slate.year !== undefined ? { year: source.slate.year } : {}),
          },
        },
      };
    }
    if (source.kind === 'election' && result.kind === 'election') {
      if (!result.tieRevote) return { ok: false, message: '此次选举没有票数相等需要再次投票 (no tie to re-vote)' };
      const tied = new Set(result.tieRevote.candidateIds);
      const candidates: ElectionCandidate[] = [
        ...source.election.candidates.filter((c) => tied.has(c.candidateId)),
        ...result.tieRevote.writeInNames.map((name, i) => ({ candidateId: writeInCandidateId(i), name })),
      ];
      return {
        ok: true,
        draft: {
          ...base,
          kind: 'election',
          title: `${source.title}（票数相等候选人再次投票）`,
          election: {
            ...source.election,
            seats: result.tieRevote.seats,
            candidates,
            // A new vote among the tied only: no write-ins.
            settings: { ...source.election.settings, round: 'tie_revote', allowWriteIns: false },
          },
        },
      };
    }
    return { ok: false, message: '只有民生实事票决和选举可以就并列者再次投票 (only slates and elections have tie re-votes)' };
  }
  if (source.kind !== 'election' || result.kind !== 'election') {
    return { ok: false, message: '只有选举可以另行选举 (a further election follows an election only)' };
  }
  const further = followUpElection(source.election, result);
  if (further.seats === 0) return { ok: false, message: '此次选举没有空缺名额 (no open seats for a further election)' };
  const candidates = options.candidates ?? further.candidates.map(({ candidateId, name }) => ({ candidateId, name }));
  if (candidates.length === 0) {
    return { ok: false, message: '没有可用的候选人，请重新提名 (no candidates left: nominate afresh)' };
  }
  return {
    ok: true,
    draft: {
      ...base,
      kind: 'election',
      title: `${source.title}（另行选举）`,
      election: {
        ...source.election,
        seats: further.seats,
        candidates,
        settings: { ...source.election.settings, round: 'further' },
      },
    },
  };
}
