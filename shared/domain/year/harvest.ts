/**
 * From a meeting's published ballots back to the body's records: the presidium list vote
 * (R6.6), the project vote and its tie re-votes as ONE decision (R4.7), and ratings kept with
 * what was rated (R4.8, R5). Each ballot is taken once (state.harvested). A project vote whose
 * tie re-vote is not yet published is left for later, not recorded half.
 */
import type { BallotResult, BallotSpec } from '../ballots/kinds';
import { ratingCountsOf, type BodyState, type RatedSubject, type RatingSource } from './body';
import type { BodyCommand } from './decide';
import { mergeSlateChain, type SlateLink } from './decision';

export interface PublishedBallot {
  ballotId: string;
  itemId: string;
  spec: BallotSpec;
  result: BallotResult;
  closedAt: number;
}

export interface MeetingFacts {
  meetingId: string;
  /** The meeting's title, used as the session title of a decision. */
  title: string;
  ballots: PublishedBallot[];
}

export interface Harvest {
  commands: BodyCommand[];
  /** Why something published is not recorded yet (e.g. a tie re-vote is pending). */
  pending: string[];
}

const TARGET: Record<RatingSource, RatedSubject['target']> = {
  projects: 'project',
  supervision: 'supervision',
  appointees: 'appointee',
  fund: 'fund',
};

/** `followUpIdFor(subjectId)` names the 整改 item a 不满意 opens (ids are made by the caller). */
export function harvestMeeting(state: BodyState, facts: MeetingFacts, followUpIdFor: (subjectId: string) => string): Harvest {
  const index = state.meetingIndex.get(facts.meetingId);
  const meeting = index === undefined ? undefined : state.meetings[index];
  if (!meeting) return { commands: [], pending: [`meeting ${facts.meetingId} is not of this body`] };
  const purposeOf = new Map(meeting.items.map((i) => [i.itemId, i]));
  const commands: BodyCommand[] = [];
  const pending: string[] = [];
  const fresh = facts.ballots.filter((b) => !state.harvested.has(b.ballotId));

  for (const b of fresh) {
    const purpose = purposeOf.get(b.itemId);
    if (!purpose) continue;
    if (purpose.purpose === 'presidium' && b.result.kind === 'list_vote') {
      if (b.result.elected.length > 0) commands.push({ type: 'RecordPresidium', meetingId: facts.meetingId, ballotId: b.ballotId, names: b.result.elected });
      else pending.push(`主席团名单未获通过 (${b.ballotId})`);
    }
    if (purpose.purpose === 'rating' && b.result.kind === 'rating') {
      const target = TARGET[purpose.source];
      const subjects: RatedSubject[] = b.result.subjects.map((s) => ({ target, id: s.projectId ?? s.subjectId, ...ratingCountsOf(s) }));
      const followUpIds: Record<string, string> = {};
      for (const s of subjects) if (s.target === 'supervision' && s.tier === 'unsatisfied') followUpIds[s.id] = followUpIdFor(s.id);
      commands.push({ type: 'RecordRating', meetingId: facts.meetingId, ballotId: b.ballotId, year: purpose.year, subjects, followUpIds });
    }
  }

  // Project votes: each first vote (no followUpOf) with its chain of tie re-votes.
  const links: SlateLink[] = fresh.flatMap((b) =>
    b.result.kind === 'slate' && b.spec.kind === 'slate'
      ? [{ ballotId: b.ballotId, followUpOf: b.spec.followUpOf?.ballotId ?? null, closedAt: b.closedAt, result: b.result }]
      : [],
  );
  for (const b of fresh) {
    const purpose = purposeOf.get(b.itemId);
    if (purpose?.purpose !== 'slate' || b.spec.kind !== 'slate' || b.spec.followUpOf) continue;
    const merged = mergeSlateChain(links, b.ballotId);
    if (!merged.ok) {
      pending.push(merged.message);
      continue;
    }
    commands.push({
      type: 'DecideProjects',
      decision: {
        year: purpose.year,
        meetingId: facts.meetingId,
        ballotIds: merged.ballotIds,
        adopted: merged.adopted,
        passedAt: merged.passedAt,
        motionTitle: purpose.motionTitle,
        sessionTitle: facts.title,
      },
    });
  }
  return { commands, pending };
}
