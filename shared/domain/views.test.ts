import { describe, expect, it } from 'vitest';
import type { MotionOption } from './ballots/motion';
import type { Secrecy } from './ballots/kinds';
import { consoleView, delegateView, publicView } from './views';
import { castAll, castVote, motionSpec, run, seatIdOf, seatIds, sittingWith, T0, type Meeting } from './test-fixtures';

const OPEN_AT = T0 + 10_000;
const OPTIONS: readonly string[] = ['yes', 'no', 'abstain'];

/** 40 seats, 30 present; 13 yes, 9 no, 4 abstain cast on b-1, spread over the seats. */
function votedOn(secrecy: Secrecy): Meeting {
  let m = run(sittingWith('congress', 40, 30), { type: 'OpenBallot', spec: motionSpec('b-1', { secrecy }), quorumOverrideReason: null }, OPEN_AT);
  const pattern: MotionOption[] = ['yes', 'no', 'yes', 'abstain', 'yes', 'no'];
  const votes = seatIds(26).map((seatId, i): [string, MotionOption] => [seatId, pattern[i % pattern.length]!]);
  return castAll(m, 'b-1', votes, OPEN_AT + 1_000);
}

const close = (m: Meeting) => run(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, OPEN_AT + 30_000);
const publish = (m: Meeting) => run(m, { type: 'PublishResult', ballotId: 'b-1' }, OPEN_AT + 40_000);

/** Every string value and every object key anywhere in a JSON value. */
function stringsIn(value: unknown): { values: string[]; keys: string[] } {
  const values: string[] = [];
  const keys: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') values.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [key, inner] of Object.entries(v)) {
        keys.push(key);
        walk(inner);
      }
    }
  };
  walk(value);
  return { values, keys };
}

/**
 * R2.5: nothing links a seat to a choice. A choice appears in a view only as a count key of a
 * result (yes: 13), so no string VALUE may be a choice, no key may name a choice field, and no
 * key may be a seat id or a delegate's name. Reads the view as it goes on the wire.
 */
function expectNoSeatChoicePairs(view: unknown, m: Meeting): void {
  const { values, keys } = stringsIn(JSON.parse(JSON.stringify(view)));
  const identities = new Set([...m.state.seats.values()].flatMap((s) => [s.delegate.seatId, s.delegate.name]));
  expect(values.filter((v) => OPTIONS.includes(v)), 'a choice as a value').toEqual([]);
  expect(keys.filter((k) => /choice|option/i.test(k)), 'a choice field').toEqual([]);
  expect(keys.filter((k) => identities.has(k)), 'an object keyed by seat').toEqual([]);
}

describe('R2.8 publicView shows a result only after publish', () => {
  for (const secrecy of ['anonymous', 'named'] as const) {
    it(`R2.8/R4.4 ${secrecy}: open shows turnout 26 and no counts; closed still no counts; published shows 13/9/4`, () => {
      const open = votedOn(secrecy);
      expect(publicView(open.state).ballot).toMatchObject({ status: 'open', voted: 26, result: null });
      expect(JSON.stringify(publicView(open.state))).not.toMatch(/"(yes|no|abstain)"\s*:/);

      const closed = close(open);
      expect(publicView(closed.state).ballot).toMatchObject({ status: 'closed', voted: 26, result: null });
      expect(JSON.stringify(publicView(closed.state))).not.toMatch(/"(yes|no|abstain)"\s*:/);
      expect(delegateView(closed.state, seatIdOf(1))?.ballot?.result).toBeNull();

      const published = publish(closed);
      expect(publicView(published.state).ballot?.result).toMatchObject({
        total: 40,
        present: 30,
        yes: 13,
        no: 9,
        abstain: 4,
        notVoted: 4,
        outcome: 'failed',
      });
    });
  }

  it('R2.9: a voided ballot shows its reason and no result, even if it had been published', () => {
    // A published result is voided by two presidium members (void-confirmation.ts).
    const asked = run(publish(close(votedOn('anonymous'))), { type: 'VoidBallot', ballotId: 'b-1', reason: '计票系统故障' }, OPEN_AT + 50_000);
    const voided = run(asked, { type: 'ConfirmVoid', ballotId: 'b-1', approve: true }, OPEN_AT + 51_000, { role: 'presidium', name: '主席团成员 张华' });
    expect(publicView(voided.state).ballot).toMatchObject({ status: 'void', result: null, voidReason: '计票系统故障' });
  });

  it('R1.5: attendance shows 应到 40 / 实到 30 / 请假 0 with the quorum (required 27, met)', () => {
    expect(publicView(votedOn('anonymous').state).attendance).toEqual({
      total: 40,
      present: 30,
      onLeave: 0,
      quorum: { met: true, required: 27, rule: 'two_thirds_of_all' },
      notSignedIn: 10,
      absent: 0,
    });
  });
});

describe('R2.5 no view carries a per-delegate choice', () => {
  for (const secrecy of ['anonymous', 'named'] as const) {
    it(`R2.5 ${secrecy}: public, every delegate's and the console view, open / closed / published, have no seat-choice pair`, () => {
      const open = votedOn(secrecy);
      if (secrecy === 'named') {
        // The precondition that makes this test able to fail: the state does hold the choices.
        expect(open.state.registers.get('b-1')?.get(seatIdOf(1))?.choiceKey).toBe('yes');
      }
      for (const m of [open, close(open), publish(close(open))]) {
        expectNoSeatChoicePairs(publicView(m.state), m);
        expectNoSeatChoicePairs(consoleView(m.state), m);
        for (const seatId of seatIds(40)) expectNoSeatChoicePairs(delegateView(m.state, seatId), m);
      }
    });
  }

  it('the seat-choice detector itself catches a view that leaks a named choice', () => {
    const m = votedOn('named');
    const leaky = { ...publicView(m.state), register: [...(m.state.registers.get('b-1')?.values() ?? [])] };
    expect(() => expectNoSeatChoicePairs(leaky, m)).toThrow();
    expect(() => expectNoSeatChoicePairs({ votes: { [seatIdOf(1)]: 1 } }, m)).toThrow(/keyed by seat/);
    expect(() => expectNoSeatChoicePairs({ myVote: { receiptId: 'r', option: 'no' } }, m)).toThrow();
  });
});

describe('delegateView', () => {
  it('myVote is the receipt and time only, for the seat that voted; null for one that did not', () => {
    const m = votedOn('named');
    expect(delegateView(m.state, seatIdOf(1))?.myVote).toEqual({ receiptId: 'receipt-b-1-seat-001', at: OPEN_AT + 1_000 });
    expect(delegateView(m.state, seatIdOf(30))?.myVote).toBeNull();
  });

  it('carries the seat, its attendance and the ballot spec; an unknown seat gets no view', () => {
    const view = delegateView(votedOn('anonymous').state, seatIdOf(31));
    expect(view?.seat).toMatchObject({ seatId: seatIdOf(31), attendance: 'not_signed_in' });
    expect(view?.ballotSpec?.ballotId).toBe('b-1');
    expect(delegateView(votedOn('anonymous').state, 'seat-999')).toBeNull();
  });
});

describe('consoleView', () => {
  it('R2.8: pendingResult is null while open and the counted result once closed, before publish', () => {
    const open = votedOn('anonymous');
    expect(consoleView(open.state).ballots[0]).toMatchObject({ status: 'open', pendingResult: null, result: null });
    const closed = close(open);
    expect(consoleView(closed.state).ballots[0]).toMatchObject({
      status: 'closed',
      result: null,
      pendingResult: { total: 40, present: 30, voted: 26, yes: 13, no: 9, abstain: 4, notVoted: 4, outcome: 'failed' },
    });
  });

  it('R2.8: after publish pendingResult equals the published result', () => {
    const published = publish(close(votedOn('anonymous')));
    const ballot = consoleView(published.state).ballots[0];
    expect(ballot?.pendingResult).toEqual(published.state.ballots.get('b-1')?.result);
    expect(ballot?.result).toEqual(published.state.ballots.get('b-1')?.result);
  });

  it('R2.9: a ballot voided while open or after close offers no pendingResult (it can never be published)', () => {
    const voidedOpen = run(votedOn('anonymous'), { type: 'VoidBallot', ballotId: 'b-1', reason: '表决器故障' }, OPEN_AT + 2_000);
    const voidedClosed = run(close(votedOn('anonymous')), { type: 'VoidBallot', ballotId: 'b-1', reason: '计票争议' }, OPEN_AT + 35_000);
    for (const m of [voidedOpen, voidedClosed]) {
      expect(consoleView(m.state).ballots[0]).toMatchObject({ status: 'void', pendingResult: null, result: null });
    }
  });

  it('R1.5: shows the quorum override and which seats have paired a tablet', () => {
    let m = sittingWith('congress', 40, 27);
    m = run(m, { type: 'RecordAttendance', seatId: seatIdOf(27), status: 'absent' }, T0 + 5_000);
    m = run(m, { type: 'IssuePairingCode', seatId: seatIdOf(2), codeHash: 'h' }, T0 + 6_000);
    m = run(m, { type: 'PairDevice', codeHash: 'h', deviceId: 'tablet-2' }, T0 + 7_000);
    m = run(m, { type: 'OpenBallot', spec: motionSpec('b-1'), quorumOverrideReason: '继续表决' }, OPEN_AT);
    const view = consoleView(m.state);
    expect(view.ballots[0]).toMatchObject({ presentAtOpen: 26, quorumMet: false, quorumOverride: { reason: '继续表决' } });
    expect(view.seats.filter((s) => s.paired).map((s) => s.seatId)).toEqual([seatIdOf(2)]);
  });

  it('a cast the register refused is not in any count: a second cast by seat-001 leaves turnout at 26', () => {
    const m = votedOn('anonymous');
    const again = castVote(m, 'b-1', seatIdOf(1), { option: 'no' }, OPEN_AT + 2_000);
    expect(again.attempt).toEqual({ recorded: false, code: 'ALREADY_VOTED' });
    expect(consoleView(close(again.meeting).state).ballots[0]?.pendingResult).toMatchObject({ voted: 26, yes: 13, no: 9 });
  });
});
