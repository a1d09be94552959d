import { describe, expect, it } from 'vitest';
import type { Actor, MeetingSpec } from './meeting';
import { nextAction } from './next-action';
import { suggestedSittingTitle } from './sittings';
import { consoleView } from './views';
import { attempt, createMeeting, FIRST_ITEM, motionSpec, replay, run, SECOND_ITEM, SECRETARIAT, seatIds, T0, type Meeting } from './test-fixtures';

const DELEGATE: Actor = { role: 'delegate', name: 'tablet' };

/** 30 seats; item-1 has a prepared motion, item-2 is a report (no vote). */
function prepared(): Meeting {
  const m = createMeeting('congress', 30);
  const spec: MeetingSpec = {
    ...m.state.spec,
    agenda: [
      { itemId: FIRST_ITEM, title: '关于预算的决议', kind: 'vote', ballot: { ...motionSpec('draft'), title: '关于预算的决议（草案）' } },
      { itemId: SECOND_ITEM, title: '政府工作报告', kind: 'report' },
    ],
  };
  return createMeetingWith(spec);
}

function createMeetingWith(spec: MeetingSpec): Meeting {
  const events: Meeting['events'] = [{ type: 'MeetingCreated', at: T0, by: SECRETARIAT, spec }];
  return { events, state: replay(events) };
}

const next = (m: Meeting) => nextAction(consoleView(m.state), suggestedSittingTitle(m.state));

describe('nextAction: the guided flow of one sitting (R7.4)', () => {
  it('points at the roster import while the meeting has no seat (应到 0), instead of a button that can only fail', () => {
    const empty = createMeetingWith({ ...prepared().state.spec, delegates: [] });
    expect(next(empty)).toMatchObject({ kind: 'import_roster', reason: 'roster_empty', blocked: { present: 0, required: 0 } });
  });

  it('walks sign-in → 宣布开会 → item → prepared ballot → close → 宣布结果 → next item → close sitting → 闭会', () => {
    let m = prepared();
    expect(next(m)).toMatchObject({ kind: 'start_sitting', reason: 'no_sitting_yet', sittingTitle: '预备会议', irreversible: false });

    m = run(m, { type: 'StartSitting', sittingId: 's1', title: '预备会议', openSignIn: false }, T0 + 1, SECRETARIAT);
    expect(next(m)).toMatchObject({ kind: 'open_sign_in', reason: 'sign_in_not_open', sittingId: 's1' });

    m = run(m, { type: 'OpenSignIn' }, T0 + 2, SECRETARIAT);
    m = seatIds(19).reduce((acc, seatId) => run(acc, { type: 'SignIn', seatId }, T0 + 3, DELEGATE), m);
    // 19 of 30 < 20 (2/3): the button says why it cannot be pressed yet.
    expect(next(m)).toMatchObject({ kind: 'open_sitting', reason: 'quorum_short', blocked: { present: 19, required: 20 }, irreversible: true });
    m = run(m, { type: 'SignIn', seatId: 'seat-020' }, T0 + 4, DELEGATE);
    expect(next(m)).toMatchObject({ kind: 'open_sitting', reason: 'quorum_met', blocked: null, irreversible: true });

    m = run(m, { type: 'OpenSitting' }, T0 + 5);
    expect(next(m)).toMatchObject({ kind: 'start_item', reason: 'first_item', itemId: FIRST_ITEM, itemTitle: '关于预算的决议' });

    m = run(m, { type: 'StartItem', itemId: FIRST_ITEM }, T0 + 6);
    expect(next(m)).toMatchObject({ kind: 'open_prepared', reason: 'item_has_prepared_ballot', itemId: FIRST_ITEM, ballotTitle: '关于预算的决议（草案）' });

    m = run(m, { type: 'OpenBallot', spec: motionSpec('b-1'), quorumOverrideReason: null }, T0 + 7);
    expect(next(m)).toMatchObject({ kind: 'close_ballot', reason: 'ballot_open', ballotId: 'b-1', irreversible: false });

    m = run(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, T0 + 8);
    expect(next(m)).toMatchObject({ kind: 'publish_result', reason: 'result_counted', ballotId: 'b-1', irreversible: true });

    m = run(m, { type: 'PublishResult', ballotId: 'b-1' }, T0 + 9);
    expect(next(m)).toMatchObject({ kind: 'start_item', reason: 'item_finished', itemId: SECOND_ITEM });

    m = run(m, { type: 'StartItem', itemId: SECOND_ITEM }, T0 + 10);
    // A report has no vote: with the agenda done, the sitting closes.
    expect(next(m)).toMatchObject({ kind: 'close_sitting', reason: 'agenda_done', sittingId: 's1' });

    m = run(m, { type: 'CloseSitting' }, T0 + 11);
    expect(next(m)).toMatchObject({ kind: 'close_session', reason: 'all_sittings_done', irreversible: true });

    m = run(m, { type: 'CloseSession' }, T0 + 12);
    expect(next(m)).toMatchObject({ kind: 'none', reason: 'session_closed' });
  });

  it('a voided ballot is re-run from the prepared draft; a closed sitting with items left starts the next sitting', () => {
    let m = run(prepared(), { type: 'StartSitting', sittingId: 's1', title: '预备会议' }, T0, SECRETARIAT);
    m = seatIds(25).reduce((acc, seatId) => run(acc, { type: 'SignIn', seatId }, T0 + 1, DELEGATE), m);
    m = run(m, { type: 'OpenSitting' }, T0 + 2);
    m = run(m, { type: 'StartItem', itemId: FIRST_ITEM }, T0 + 3);
    m = run(m, { type: 'OpenBallot', spec: motionSpec('b-1'), quorumOverrideReason: null }, T0 + 4);
    m = run(m, { type: 'VoidBallot', ballotId: 'b-1', reason: '表决器故障' }, T0 + 5);
    expect(next(m)).toMatchObject({ kind: 'open_prepared', reason: 'ballot_voided_rerun', rerunOf: 'b-1' });

    m = run(m, { type: 'CloseSitting' }, T0 + 6);
    expect(next(m)).toMatchObject({ kind: 'start_sitting', reason: 'previous_sitting_closed', sittingTitle: '第一次全体会议' });
  });

  it('delegates who signed in before any sitting (the old way) lead to 宣布开会 of one implicit sitting', () => {
    let m = run(prepared(), { type: 'SignIn', seatId: 'seat-001' }, T0, DELEGATE);
    expect(next(m)).toMatchObject({ kind: 'open_sitting', reason: 'quorum_short', blocked: { present: 1, required: 20 } });
    expect(next(m).sittingId).toBeUndefined();
    m = seatIds(20).reduce((acc, seatId) => run(acc, { type: 'SignIn', seatId }, T0 + 1, DELEGATE), m);
    expect(next(m)).toMatchObject({ kind: 'open_sitting', reason: 'quorum_met', blocked: null });
    m = run(m, { type: 'OpenSession' }, T0 + 2);
    expect(next(m)).toMatchObject({ kind: 'start_item', reason: 'first_item' });
  });

  it('a manual ballot asks for the hand count, not a close', () => {
    let m = run(prepared(), { type: 'StartSitting', sittingId: 's1', title: '预备会议' }, T0, SECRETARIAT);
    m = seatIds(25).reduce((acc, seatId) => run(acc, { type: 'SignIn', seatId }, T0 + 1, DELEGATE), m);
    m = run(m, { type: 'OpenSitting' }, T0 + 2);
    m = run(m, { type: 'StartItem', itemId: FIRST_ITEM }, T0 + 3);
    m = run(m, { type: 'OpenBallot', spec: { ...motionSpec('b-1'), method: 'manual' }, quorumOverrideReason: null }, T0 + 4);
    expect(next(m)).toMatchObject({ kind: 'enter_manual_count', reason: 'manual_ballot_open', ballotId: 'b-1' });
  });

  it('a finished item is not re-opened by one tap: a reason is required and kept', () => {
    let m = run(prepared(), { type: 'StartSitting', sittingId: 's1', title: '预备会议' }, T0, SECRETARIAT);
    m = seatIds(25).reduce((acc, seatId) => run(acc, { type: 'SignIn', seatId }, T0 + 1, DELEGATE), m);
    m = run(m, { type: 'OpenSitting' }, T0 + 2);
    m = run(m, { type: 'StartItem', itemId: FIRST_ITEM }, T0 + 3);
    m = run(m, { type: 'StartItem', itemId: SECOND_ITEM }, T0 + 4);
    expect(attempt(m, { type: 'StartItem', itemId: FIRST_ITEM }, T0 + 5)).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    m = run(m, { type: 'StartItem', itemId: FIRST_ITEM, reopenReason: '补充表决' }, T0 + 5);
    expect(m.events.at(-1)).toMatchObject({ type: 'ItemStarted', itemId: FIRST_ITEM, reopenReason: '补充表决' });
  });
});
