import { describe, expect, it } from 'vitest';
import { electionBallot, slateBallot } from './ballots/kind-fixtures';
import type { BallotSpec } from './ballots/kinds';
import type { ManualCounts } from './ballots/manual';
import { consoleView } from './views';
import { acceptsReplacement, applyRegisterEntry, applyReplacement, boxOf } from './evolve';
import { gateChanges } from './gate';
import {
  attempt,
  castVote,
  CHAIR,
  changeAttendance,
  motionSpec,
  replay,
  run,
  SECRETARIAT,
  seatIdOf,
  sittingWith,
  T0,
  type Meeting,
} from './test-fixtures';

const OPEN_AT = T0 + 10_000;

function open(m: Meeting, spec: BallotSpec, at = OPEN_AT): Meeting {
  return run(m, { type: 'OpenBallot', spec, quorumOverrideReason: null }, at);
}

/** Seats 1.. cast the given papers in order; every cast must be recorded. */
function castPapers(m: Meeting, ballotId: string, papers: unknown[], at: number): Meeting {
  return papers.reduce<Meeting>((acc, paper, i) => {
    const { meeting, attempt: a } = castVote(acc, ballotId, seatIdOf(i + 1), paper, at + i);
    if (!a.recorded) throw new Error(`seat ${i + 1} refused: ${a.code}`);
    return meeting;
  }, m);
}

function closeAndPublish(m: Meeting, ballotId: string, at: number): Meeting {
  return run(run(m, { type: 'CloseBallot', ballotId, reason: 'presidium' }, at), { type: 'PublishResult', ballotId }, at + 1);
}

const repeat = <T,>(paper: T, n: number): T[] => Array.from({ length: n }, () => paper);

describe('OpenBallot checks the spec of every kind', () => {
  it('an election opened as named is refused with INVALID_BALLOT_SPEC and the problems', () => {
    const m = sittingWith('congress', 60, 50);
    const d = attempt(m, { type: 'OpenBallot', spec: electionBallot('e-1', 2, 3, { secrecy: 'named' }), quorumOverrideReason: null }, OPEN_AT);
    expect(d).toMatchObject({ ok: false, code: 'INVALID_BALLOT_SPEC' });
    expect(!d.ok && (d.details?.['problems'] as string[]).join()).toContain('R3.1');
  });

  it('a spec carrying followUpOf is refused unless it re-runs a voided follow-up', () => {
    const m = sittingWith('congress', 60, 50);
    const spec = { ...slateBallot('s-1'), followUpOf: { ballotId: 'x', reason: 'tie_revote' as const } };
    expect(attempt(m, { type: 'OpenBallot', spec, quorumOverrideReason: null }, OPEN_AT)).toMatchObject({ code: 'INVALID_BALLOT_SPEC' });
  });
});

describe('R2.9 re-run: only of a voided ballot, of the same kind, once per void', () => {
  it('refuses a second re-run and a re-run of another kind', () => {
    let m = open(sittingWith('congress', 60, 50), slateBallot('s-1'));
    m = run(m, { type: 'VoidBallot', ballotId: 's-1', reason: '表决器故障' }, OPEN_AT + 1);
    expect(attempt(m, { type: 'OpenBallot', spec: motionSpec('m-2', { rerunOf: 's-1' }), quorumOverrideReason: null }, OPEN_AT + 2)).toMatchObject({
      code: 'INVALID_BALLOT_SPEC',
    });
    m = open(m, slateBallot('s-2', 15, 10, { rerunOf: 's-1', method: 'manual' }), OPEN_AT + 2);
    m = run(m, { type: 'VoidBallot', ballotId: 's-2', reason: '计票有误' }, OPEN_AT + 3);
    expect(attempt(m, { type: 'OpenBallot', spec: slateBallot('s-3', 15, 10, { rerunOf: 's-1' }), quorumOverrideReason: null }, OPEN_AT + 4)).toMatchObject({
      code: 'ALREADY_RERUN',
      details: { ballotId: 's-2' },
    });
    // The voided re-run can itself be re-run.
    m = open(m, slateBallot('s-3', 15, 10, { rerunOf: 's-2' }), OPEN_AT + 4);
    expect(m.state.ballots.get('s-3')?.status).toBe('open');
  });
});

describe('R4.5/R3.6/R3.7 follow-ups start from a published result', () => {
  it('R4.5: a tie at place 2 of a 3-project slate opens a re-vote among the tied, for 1 place, most 赞成 wins', () => {
    let m = open(sittingWith('congress', 60, 60), slateBallot('s-1', 3, 2));
    // p01 40 赞成; p02 and p03 35 each: tie for the last place.
    m = castPapers(
      m,
      's-1',
      [...repeat({ marks: { p01: 'yes', p02: 'yes' } }, 20), ...repeat({ marks: { p01: 'yes', p03: 'yes' } }, 20), ...repeat({ marks: { p02: 'yes', p03: 'yes' } }, 15)],
      OPEN_AT + 1,
    );
    expect(attempt(m, { type: 'OpenFollowUp', sourceBallotId: 's-1', reason: 'tie_revote', ballotId: 's-2', quorumOverrideReason: null }, OPEN_AT + 100)).toMatchObject({
      code: 'FOLLOW_UP_NOT_POSSIBLE',
    });
    m = closeAndPublish(m, 's-1', OPEN_AT + 200);
    expect(m.state.ballots.get('s-1')?.result).toMatchObject({ outcome: 'tie_revote', adopted: ['p01'], tieRevote: { projectIds: ['p02', 'p03'], places: 1 } });
    expect(attempt(m, { type: 'OpenFollowUp', sourceBallotId: 's-1', reason: 'further_election', ballotId: 's-2', quorumOverrideReason: null }, OPEN_AT + 300)).toMatchObject({
      code: 'FOLLOW_UP_NOT_POSSIBLE',
    });
    m = run(m, { type: 'OpenFollowUp', sourceBallotId: 's-1', reason: 'tie_revote', ballotId: 's-2', quorumOverrideReason: null }, OPEN_AT + 300);
    const revote = m.state.ballots.get('s-2')!.spec;
    expect(revote).toMatchObject({
      kind: 'slate',
      itemId: 'item-1',
      followUpOf: { ballotId: 's-1', reason: 'tie_revote' },
      slate: { places: 1, settings: { rule: 'top_k_only' } },
    });
    expect(revote.kind === 'slate' && revote.slate.projects.map((p) => p.projectId)).toEqual(['p02', 'p03']);
    expect(consoleView(m.state).ballots[1]?.followUpOf).toEqual({ ballotId: 's-1', reason: 'tie_revote' });
    m = castPapers(m, 's-2', [...repeat({ marks: { p02: 'yes' } }, 12), ...repeat({ marks: { p03: 'yes' } }, 10)], OPEN_AT + 400);
    m = closeAndPublish(m, 's-2', OPEN_AT + 500);
    expect(m.state.ballots.get('s-2')?.result).toMatchObject({ outcome: 'filled', adopted: ['p02'] });
    expect(attempt(m, { type: 'OpenFollowUp', sourceBallotId: 's-1', reason: 'tie_revote', ballotId: 's-3', quorumOverrideReason: null }, OPEN_AT + 600)).toMatchObject({
      code: 'FOLLOW_UP_NOT_POSSIBLE',
      details: { ballotId: 's-2' },
    });
  });

  it('R3.7: an election that fills 1 of 2 seats opens a further election for 1 seat from the vote order', () => {
    let m = open(sittingWith('congress', 60, 60), electionBallot('e-1', 2, 4));
    // c1 31 (> 30: elected), c3 29, c2 20, c4 0.
    m = castPapers(
      m,
      'e-1',
      [...repeat({ marks: { c1: 'yes' } }, 31), ...repeat({ marks: { c2: 'yes', c3: 'yes' } }, 20), ...repeat({ marks: { c3: 'yes' } }, 9)],
      OPEN_AT + 1,
    );
    m = closeAndPublish(m, 'e-1', OPEN_AT + 200);
    expect(m.state.ballots.get('e-1')?.result).toMatchObject({ outcome: 'seats_open', openSeats: 1, elected: [{ candidateId: 'c1', votes: 31 }] });
    expect(attempt(m, { type: 'OpenFollowUp', sourceBallotId: 'e-1', reason: 'tie_revote', ballotId: 'e-2', quorumOverrideReason: null }, OPEN_AT + 300)).toMatchObject({
      code: 'FOLLOW_UP_NOT_POSSIBLE',
    });
    m = run(m, { type: 'OpenFollowUp', sourceBallotId: 'e-1', reason: 'further_election', ballotId: 'e-2', quorumOverrideReason: null }, OPEN_AT + 300);
    const further = m.state.ballots.get('e-2')!.spec;
    // Deputy posts stay 差额 (+1 at least): the two next in the first round's order.
    expect(further).toMatchObject({
      kind: 'election',
      secrecy: 'anonymous',
      followUpOf: { ballotId: 'e-1', reason: 'further_election' },
      election: { seats: 1, candidates: [{ candidateId: 'c3' }, { candidateId: 'c2' }], settings: { round: 'further' } },
    });
    // The threshold stays > half of all delegates (R3.7): 30 of 60 is not enough.
    m = castPapers(m, 'e-2', [...repeat({ marks: { c3: 'yes' } }, 30), ...repeat({ marks: { c2: 'yes' } }, 25)], OPEN_AT + 400);
    m = closeAndPublish(m, 'e-2', OPEN_AT + 500);
    expect(m.state.ballots.get('e-2')?.result).toMatchObject({ outcome: 'seats_open', openSeats: 1, rule: { basis: 'more_than_half_of_all', requiredVotes: 31 } });
  });

  it('R3.6: a tie at the cut-off opens a re-vote among the tied only, without write-ins, where the most votes win', () => {
    let m = open(sittingWith('congress', 60, 60), electionBallot('e-1', 2, 3));
    // c1 40, c2 35, c3 35: all qualify, c2 and c3 tie for the second seat.
    m = castPapers(
      m,
      'e-1',
      [...repeat({ marks: { c1: 'yes', c2: 'yes' } }, 20), ...repeat({ marks: { c1: 'yes', c3: 'yes' } }, 20), ...repeat({ marks: { c2: 'yes', c3: 'yes' } }, 15)],
      OPEN_AT + 1,
    );
    m = closeAndPublish(m, 'e-1', OPEN_AT + 200);
    expect(m.state.ballots.get('e-1')?.result).toMatchObject({ outcome: 'tie_revote', tieRevote: { candidateIds: ['c2', 'c3'], seats: 1 } });
    m = run(m, { type: 'OpenFollowUp', sourceBallotId: 'e-1', reason: 'tie_revote', ballotId: 'e-2', durationSec: 120, quorumOverrideReason: null }, OPEN_AT + 300);
    expect(m.state.ballots.get('e-2')).toMatchObject({
      deadline: OPEN_AT + 300 + 120_000,
      spec: { election: { seats: 1, settings: { round: 'tie_revote', allowWriteIns: false } } },
    });
    expect(castVote(m, 'e-2', seatIdOf(1), { marks: { c2: 'no' }, writeIns: { c2: '王五' } }, OPEN_AT + 301).attempt).toEqual({
      recorded: false,
      code: 'INVALID_CHOICE',
    });
    m = castPapers(m, 'e-2', [...repeat({ marks: { c2: 'yes' } }, 12), ...repeat({ marks: { c3: 'yes' } }, 10)], OPEN_AT + 400);
    m = closeAndPublish(m, 'e-2', OPEN_AT + 500);
    expect(m.state.ballots.get('e-2')?.result).toMatchObject({ outcome: 'filled', elected: [{ candidateId: 'c2', votes: 12 }], rule: { basis: 'most_votes' } });
  });
});

describe('R2.4/R2.9/R2.10 manual entry: the presidium enters a show-of-hands or paper count', () => {
  const hands = (yes: number, no: number, abstain: number): ManualCounts => ({ kind: 'motion', yes, no, abstain });

  it('a manual motion takes no tablet votes; entering 赞成→反对→弃权 closes it, and the record shows who entered it', () => {
    let m = open(sittingWith('congress', 60, 50), motionSpec('m-1', { method: 'manual', durationSec: null }));
    expect(castVote(m, 'm-1', seatIdOf(1), { option: 'yes' }, OPEN_AT + 1).attempt).toEqual({ recorded: false, code: 'MANUAL_BALLOT' });
    expect(attempt(m, { type: 'EnterManualCount', ballotId: 'm-1', counts: hands(40, 8, 3) }, OPEN_AT + 2)).toMatchObject({
      code: 'MANUAL_COUNT_INVALID',
    });
    m = run(m, { type: 'EnterManualCount', ballotId: 'm-1', counts: hands(40, 5, 3) }, OPEN_AT + 2);
    expect(m.events.slice(-2).map((e) => e.type)).toEqual(['BallotClosed', 'ManualCountEntered']);
    expect(consoleView(m.state).ballots[0]).toMatchObject({
      status: 'closed',
      method: 'manual',
      manualEntry: { by: CHAIR.name, role: 'presidium', at: OPEN_AT + 2 },
      manualCounts: hands(40, 5, 3),
      pendingResult: { yes: 40, no: 5, abstain: 3, notVoted: 2, outcome: 'passed' },
    });
    // A correction before publishing replaces the count; both entries stay in the log.
    m = run(m, { type: 'EnterManualCount', ballotId: 'm-1', counts: hands(30, 15, 3) }, OPEN_AT + 3, SECRETARIAT);
    m = run(m, { type: 'PublishResult', ballotId: 'm-1' }, OPEN_AT + 4);
    expect(m.state.ballots.get('m-1')?.result).toMatchObject({ yes: 30, no: 15, abstain: 3, notVoted: 2, outcome: 'failed' });
    expect(replay(m.events).ballots.get('m-1')?.manualCount?.by).toEqual(SECRETARIAT);
    expect(attempt(m, { type: 'EnterManualCount', ballotId: 'm-1', counts: hands(1, 0, 0) }, OPEN_AT + 5)).toMatchObject({ code: 'BALLOT_NOT_CLOSED' });
  });

  it('publishing a manual ballot before its count is entered is refused; an electronic ballot takes no manual count', () => {
    let m = open(sittingWith('congress', 60, 50), motionSpec('m-1', { method: 'manual' }));
    m = run(m, { type: 'CloseBallot', ballotId: 'm-1', reason: 'presidium' }, OPEN_AT + 1);
    expect(attempt(m, { type: 'PublishResult', ballotId: 'm-1' }, OPEN_AT + 2)).toMatchObject({ code: 'MANUAL_COUNT_MISSING' });
    m = run(m, { type: 'VoidBallot', ballotId: 'm-1', reason: '改为纸质' }, OPEN_AT + 3);
    m = open(m, motionSpec('m-2'), OPEN_AT + 4);
    expect(attempt(m, { type: 'EnterManualCount', ballotId: 'm-2', counts: hands(1, 0, 0) }, OPEN_AT + 5)).toMatchObject({ code: 'NOT_MANUAL' });
  });

  it('R2.9: a failed electronic slate is voided and re-run by paper count: tellers enter 发出/收回/废票 and per-project counts', () => {
    let m = open(sittingWith('congress', 60, 50), slateBallot('s-1', 3, 2));
    m = run(m, { type: 'VoidBallot', ballotId: 's-1', reason: '表决系统故障' }, OPEN_AT + 1);
    m = open(m, slateBallot('s-2', 3, 2, { rerunOf: 's-1', method: 'manual' }), OPEN_AT + 2);
    const counts: ManualCounts = {
      kind: 'slate',
      issued: 50,
      returned: 50,
      void: 2,
      projects: [
        { projectId: 'p01', yes: 45, no: 2, abstain: 1 },
        { projectId: 'p02', yes: 31, no: 10, abstain: 5 },
        { projectId: 'p03', yes: 20, no: 20, abstain: 8 },
      ],
    };
    expect(
      attempt(m, { type: 'EnterManualCount', ballotId: 's-2', counts: { ...counts, projects: counts.projects.slice(0, 2) } }, OPEN_AT + 3),
    ).toMatchObject({ code: 'MANUAL_COUNT_INVALID', message: 'project p03 has no count' });
    m = run(m, { type: 'EnterManualCount', ballotId: 's-2', counts }, OPEN_AT + 3);
    m = run(m, { type: 'PublishResult', ballotId: 's-2' }, OPEN_AT + 4);
    expect(m.state.ballots.get('s-2')?.result).toMatchObject({
      kind: 'slate',
      issued: 50,
      returned: 50,
      valid: 48,
      void: 2,
      voidReasons: { paper_count: 2 },
      adopted: ['p01', 'p02'],
      outcome: 'filled',
      projects: [{ blank: 0 }, { blank: 2 }, { blank: 0 }],
    });
  });

  it('R3.4: a paper count that returns more papers than were issued makes the election invalid', () => {
    let m = open(sittingWith('congress', 60, 50), electionBallot('e-1', 2, 3, { method: 'manual' }));
    const counts: ManualCounts = {
      kind: 'election',
      issued: 50,
      returned: 51,
      void: 1,
      candidates: [
        { candidateId: 'c1', yes: 40, no: 5, abstain: 5 },
        { candidateId: 'c2', yes: 35, no: 10, abstain: 5 },
        { candidateId: 'c3', yes: 10, no: 30, abstain: 10 },
      ],
      writeIns: [{ name: '王五', votes: 3 }],
    };
    m = run(m, { type: 'EnterManualCount', ballotId: 'e-1', counts }, OPEN_AT + 3);
    m = run(m, { type: 'PublishResult', ballotId: 'e-1' }, OPEN_AT + 4);
    expect(m.state.ballots.get('e-1')?.result).toMatchObject({ validity: 'returned_exceeds_issued', outcome: 'invalid', elected: [] });
  });
});

describe('未表决 and 发出 follow the seats present at close, even when a voter has left', () => {
  it('R2.6: 50 present, 20 vote, one voter leaves before the close: 实到 50 = 参加表决 20 + 未表决 30', () => {
    let m = open(sittingWith('congress', 60, 50), motionSpec('m-1'));
    m = castPapers(m, 'm-1', repeat({ option: 'yes' }, 20), OPEN_AT + 1);
    m = changeAttendance(m, seatIdOf(1), 'absent', OPEN_AT + 50);
    m = closeAndPublish(m, 'm-1', OPEN_AT + 100);
    // 实到 is the sitting's roll for this ballot: the voter who left still counts (was 49, the bug).
    expect(m.state.ballots.get('m-1')?.result).toMatchObject({ present: 50, voted: 20, notVoted: 30 });
  });

  it('R3.4: an election where a voter left before the close is still valid (发出 counts the voter)', () => {
    let m = open(sittingWith('congress', 60, 50), electionBallot('e-1'));
    m = castPapers(m, 'e-1', repeat({ marks: { c1: 'yes' } }, 50), OPEN_AT + 1);
    m = changeAttendance(m, seatIdOf(1), 'absent', OPEN_AT + 60);
    m = closeAndPublish(m, 'e-1', OPEN_AT + 100);
    expect(m.state.ballots.get('e-1')?.result).toMatchObject({ present: 50, issued: 50, returned: 50, validity: 'valid' });
  });
});

describe('pressRule last_counts (named ballots): the seat\'s last paper before the close counts', () => {
  it('opens a replaceable gate only for a named last_counts ballot; the fold replaces the entry and moves the paper', () => {
    const before = sittingWith('congress', 60, 50);
    let m = open(before, motionSpec('m-1', { secrecy: 'named', pressRule: 'last_counts' }));
    expect(gateChanges(m.events.slice(before.events.length))).toEqual([
      { type: 'open', ballotId: 'm-1', deadline: OPEN_AT + 60_000, named: true, lastCounts: true },
    ]);
    m = castPapers(m, 'm-1', [{ option: 'yes' }], OPEN_AT + 1);
    expect(acceptsReplacement(m.state, 'm-1')).toBe(true);
    const later = { ballotId: 'm-1', seatId: seatIdOf(1), idempotencyKey: 'k-2', receiptId: 'r-2', at: OPEN_AT + 5, choiceKey: 'no' };
    const replaced = applyReplacement(m.state, later, 'no');
    expect(replaced.registers.get('m-1')?.get(seatIdOf(1))).toEqual(later);
    expect(boxOf(replaced, 'm-1')).toEqual({ no: 1 });
    // Re-reading the store's register replaces a stale entry on another node, never the other way round.
    expect(applyRegisterEntry(m.state, later).registers.get('m-1')?.get(seatIdOf(1))?.receiptId).toBe('r-2');
    expect(applyRegisterEntry(replaced, m.state.registers.get('m-1')!.get(seatIdOf(1))!).registers.get('m-1')?.get(seatIdOf(1))?.receiptId).toBe('r-2');
    m = { ...m, state: replaced };
    m = closeAndPublish(m, 'm-1', OPEN_AT + 100);
    expect(m.state.ballots.get('m-1')?.result).toMatchObject({ yes: 0, no: 1, voted: 1 });
    expect(acceptsReplacement(m.state, 'm-1')).toBe(false);
  });

  it('a first_final ballot never replaces: the first entry stays', () => {
    let m = open(sittingWith('congress', 60, 50), motionSpec('m-1', { secrecy: 'named' }));
    m = castPapers(m, 'm-1', [{ option: 'yes' }], OPEN_AT + 1);
    expect(acceptsReplacement(m.state, 'm-1')).toBe(false);
    const later = { ballotId: 'm-1', seatId: seatIdOf(1), idempotencyKey: 'k-2', receiptId: 'r-2', at: OPEN_AT + 5, choiceKey: 'no' };
    expect(applyRegisterEntry(m.state, later)).toBe(m.state);
  });
});
