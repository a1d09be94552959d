import { describe, expect, it } from 'vitest';
import type { MeetingEvent } from './meeting';
import { minutesOf } from './minutes';
import { castAll, changeAttendance, CHAIR, createMeeting, motionSpec, run, SECRETARIAT, seatIdOf, seatIds, signIn, T0, votesOf } from './test-fixtures';

const OPEN_AT = T0 + 10_000;

describe('minutes from the log (issue 10)', () => {
  it('an old log without sittings: one implicit sitting, a ballot with its times, a void with its reason and who voided it', () => {
    let m = signIn(createMeeting('congress', 10), seatIds(8), T0);
    m = changeAttendance(m, seatIdOf(9), 'on_leave', T0 + 1);
    m = run(m, { type: 'OpenSession' }, T0 + 2);
    m = run(m, { type: 'StartItem', itemId: 'item-1' }, T0 + 3);
    m = run(m, { type: 'OpenBallot', spec: { ...motionSpec('b-1'), itemId: 'item-1' }, quorumOverrideReason: null }, OPEN_AT);
    m = castAll(m, 'b-1', votesOf(6, 1, 1), OPEN_AT + 1);
    m = run(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, OPEN_AT + 100);
    m = run(m, { type: 'PublishResult', ballotId: 'b-1' }, OPEN_AT + 101);
    m = run(m, { type: 'OpenBallot', spec: { ...motionSpec('b-2'), itemId: 'item-1' }, quorumOverrideReason: null }, OPEN_AT + 200);
    m = run(m, { type: 'VoidBallot', ballotId: 'b-2', reason: '表决器故障' }, OPEN_AT + 300);
    const minutes = minutesOf(m.events)!;
    expect(minutes.sittings).toHaveLength(1);
    const [sitting] = minutes.sittings;
    expect(sitting).toMatchObject({ implicit: true, openedAt: T0 + 2, ballotIds: ['b-1', 'b-2'] });
    // R1.5: 应到 10, 实到 8, 请假 1; ⅔ of 10 is 7.
    expect(sitting!.attendanceLine).toBe('应到 10 人，实到 8 人，请假 1 人，已达到法定人数');
    expect(sitting!.leave.map((e) => [e.seatNo, e.by.name])).toEqual([[expect.any(String), SECRETARIAT.name]]);
    const [b1, b2] = minutes.ballots;
    expect(b1).toMatchObject({ seq: 1, openedAt: OPEN_AT, closedAt: OPEN_AT + 100, publishedAt: OPEN_AT + 101, status: 'published', outcome: '通过' });
    // R0.1: 6 赞成 is more than half of 应到 10.
    expect(b1!.announcement).toBe('应到 10 人，实到 8 人，参加表决 8 人，未表决 0 人。赞成 6 票，反对 1 票，弃权 1 票。通过。');
    expect(b2).toMatchObject({ status: 'void', result: null, voided: { at: OPEN_AT + 300, reason: '表决器故障', by: { name: CHAIR.name } } });
  });

  it('with sittings: marks filed before the first sitting belong to it; each sitting has its own roll and ballots', () => {
    const base = createMeeting('standing_committee', 5);
    const created = base.events[0]!;
    const by = SECRETARIAT;
    const events: MeetingEvent[] = [
      created,
      { type: 'AttendanceRecorded', at: T0 + 1, by, seatId: seatIdOf(5), status: 'on_leave', reason: '出差' },
      { type: 'SittingStarted', at: T0 + 2, by, sittingId: 'sit-1', title: '常委会第一次全体会议' },
      { type: 'SignInOpened', at: T0 + 2, by, sittingId: 'sit-1' },
      { type: 'SignInClosed', at: T0 + 3, by, sittingId: 'sit-1' },
      { type: 'SittingOpened', at: T0 + 3, by: CHAIR, sittingId: 'sit-1', total: 5, present: 4, onLeave: 1, absent: 0 },
      { type: 'SittingClosed', at: T0 + 4, by: CHAIR, sittingId: 'sit-1' },
      { type: 'SittingStarted', at: T0 + 5, by, sittingId: 'sit-2', title: '常委会第二次全体会议' },
      { type: 'AttendanceRecorded', at: T0 + 6, by, seatId: seatIdOf(4), status: 'present', sittingId: 'sit-2', late: true, reason: '人工签到' },
      { type: 'SittingOpened', at: T0 + 7, by: CHAIR, sittingId: 'sit-2', total: 5, present: 2, onLeave: 0, absent: 3 },
    ];
    const minutes = minutesOf(events)!;
    expect(minutes.sittings.map((s) => [s.sittingId, s.title, s.attendanceLine])).toEqual([
      ['sit-1', '常委会第一次全体会议', '应到 5 人，实到 4 人，请假 1 人，已达到法定人数'],
      // R1.2: more than half of 5 is 3.
      ['sit-2', '常委会第二次全体会议', '应到 5 人，实到 2 人，请假 0 人，未达到法定人数'],
    ]);
    expect(minutes.sittings[0]!.leave.map((e) => e.reason)).toEqual(['出差']);
    expect(minutes.sittings[0]).toMatchObject({ signInOpenedAt: T0 + 2, signInClosedAt: T0 + 3 });
    expect(minutes.sittings[1]!.late.map((e) => [e.reason, e.by.name])).toEqual([['人工签到', SECRETARIAT.name]]);
  });

  it('a log that does not start with MeetingCreated has no minutes', () => {
    expect(minutesOf([])).toBeNull();
  });
});
