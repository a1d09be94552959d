import { describe, expect, it } from 'vitest';
import { checkBallotSpec } from '../../shared/domain/ballots/kinds';
import { MeetingSpecSchema } from '../../shared/protocol/meeting';
import { demoMeetingSpec } from '../../server/demo-meeting';
import { kindsSpec } from './ballot-kinds-hall';

describe('prepared ballots on the agenda', () => {
  it('the demo meeting prepares a list vote, a motion, a 15→10 slate, a batch of 3, a 2-of-3 election and a rating of 8, all valid', () => {
    const spec = demoMeetingSpec();
    const drafts = spec.agenda.flatMap((item) => (item.ballot ? [item.ballot] : []));
    expect(drafts.map((d) => d.kind).sort()).toEqual(['batch', 'election', 'list_vote', 'motion', 'rating', 'slate']);
    for (const draft of drafts) expect(checkBallotSpec(draft)).toEqual([]);
    const slate = drafts.find((d) => d.kind === 'slate');
    expect(slate?.kind === 'slate' && [slate.slate.projects.length, slate.slate.places]).toEqual([15, 10]);
    const election = drafts.find((d) => d.kind === 'election');
    expect(election?.kind === 'election' && [election.election.candidates.length, election.election.seats]).toEqual([3, 2]);
    const rating = drafts.find((d) => d.kind === 'rating');
    expect(rating?.kind === 'rating' && rating.rating.subjects.length).toBe(8);
    const batch = drafts.find((d) => d.kind === 'batch');
    expect(batch?.kind === 'batch' && batch.batch.items.length).toBe(3);
    // The HTTP schema accepts it as prepared (and fills nothing it did not say).
    const parsed = MeetingSpecSchema.safeParse(spec);
    expect(parsed.success && parsed.data.agenda.flatMap((a) => (a.ballot ? [a.ballot] : []))).toEqual(drafts.map((d) => ({ method: 'electronic', ...d })));
  });

  it('a meeting whose prepared ballot breaks a rule is refused at creation, with the problem and its place', () => {
    const spec = kindsSpec(10);
    const agenda = spec.agenda!.map((item) =>
      item.ballot?.kind === 'election' ? { ...item, ballot: { ...item.ballot, secrecy: 'named' as const } } : item,
    );
    const parsed = MeetingSpecSchema.safeParse({ ...spec, agenda });
    expect(parsed.success).toBe(false);
    const issue = parsed.error?.issues.find((i) => i.path.includes('ballot'));
    expect(issue?.message).toContain('R3.1');
    expect(MeetingSpecSchema.safeParse(spec).success).toBe(true);
  });
});
