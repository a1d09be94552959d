import { describe, expect, it } from 'vitest';
import { checkBallotSpec } from '../../shared/domain/ballots/kinds';
import { MeetingSpecSchema } from '../../shared/protocol/meeting';
import { demoMeetingSpec, demoStandingCommitteeSpec } from '../../server/demo-meeting';
import { kindsSpec } from './ballot-kinds-hall';

describe('prepared ballots on the agenda', () => {
  it('the demo meeting prepares a list vote, a motion, a 15→10 slate, a batch of 3, a 2-of-3 election and a rating of 8, all valid', () => {
    const spec = demoMeetingSpec();
    const drafts = spec.agenda.flatMap((item) => (item.ballot ? [item.ballot] : []));
    // A township congress elects its 人大主席/副主席 and 镇长/副镇长 (地方组织法): four elections
    // (the demo used to "appoint" some of them by a batch, which a township congress cannot do).
    expect([...new Set(drafts.map((d) => d.kind))].sort()).toEqual(['batch', 'election', 'list_vote', 'motion', 'rating', 'slate']);
    expect(drafts.flatMap((d) => (d.kind === 'election' ? [d.election.post] : []))).toEqual([
      '镇人民代表大会主席',
      '镇人民代表大会副主席',
      '镇人民政府镇长',
      '镇人民政府副镇长',
    ]);
    expect(JSON.stringify(spec)).not.toMatch(/任命|免去/);
    for (const draft of drafts) expect(checkBallotSpec(draft)).toEqual([]);
    const slate = drafts.find((d) => d.kind === 'slate');
    expect(slate?.kind === 'slate' && [slate.slate.projects.length, slate.slate.places]).toEqual([15, 10]);
    const election = drafts.find((d) => d.kind === 'election' && d.election.post === '镇人民政府副镇长');
    expect(election?.kind === 'election' && [election.election.candidates.length, election.election.seats]).toEqual([3, 2]);
    const rating = drafts.find((d) => d.kind === 'rating');
    expect(rating?.kind === 'rating' && rating.rating.subjects.length).toBe(8);
    // Rating subjects show their posts.
    expect(rating?.kind === 'rating' && rating.rating.subjects.every((s) => (s.post ?? '').length > 0)).toBe(true);
    const batch = drafts.find((d) => d.kind === 'batch');
    expect(batch?.kind === 'batch' && batch.batch.items.length).toBe(3);
    // The HTTP schema accepts it as prepared (and fills nothing it did not say).
    const parsed = MeetingSpecSchema.safeParse(spec);
    expect(parsed.success && parsed.data.agenda.flatMap((a) => (a.ballot ? [a.ballot] : []))).toEqual(drafts.map((d) => ({ method: 'electronic', ...d })));
  });

  it('the second demo, a county standing committee, has a 任免 batch voted person by person and a 述职测评 with posts', () => {
    const spec = demoStandingCommitteeSpec();
    expect(spec.body.kind).toBe('standing_committee');
    const drafts = spec.agenda.flatMap((item) => (item.ballot ? [item.ballot] : []));
    for (const draft of drafts) expect(checkBallotSpec(draft)).toEqual([]);
    const batch = drafts.find((d) => d.kind === 'batch');
    expect(batch?.kind === 'batch' && !batch.batch.settings.combined && batch.batch.items.map((i) => i.title)).toEqual([
      '任命刘建军为县财政局局长',
      '任命王晓梅为县教育局局长',
      '任命赵振宇为县交通运输局局长',
      '免去孙国庆的县交通运输局局长职务',
    ]);
    const rating = drafts.find((d) => d.kind === 'rating');
    expect(rating?.kind === 'rating' && rating.rating.subjects.map((s) => s.post)).toEqual(['县住房和城乡建设局局长', '县农业农村局局长', '县卫生健康局局长']);
    expect(MeetingSpecSchema.safeParse(spec).success).toBe(true);
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
