import { describe, expect, it } from 'vitest';
import type { BallotSpec } from '../domain/ballots/kinds';
import type { DelegateView, PublicView } from '../domain/views';
import type { SeatView } from './socket';
import { agendaKeyOf, composeTabletView, pushMarks, splitTabletView, TabletViewParts, tabletPush, type TabletSharedPart } from './tablet-view';

const ballot = (ballotId: string, status: 'open' | 'closed' = 'open') =>
  ({ ballotId, status, itemId: 'item-1', title: 't', voted: 0 }) as unknown as TabletSharedPart['ballot'];

const agendaOne: PublicView['agenda'] = [{ itemId: 'item-1', title: '预算', status: 'current', kind: 'vote' }];
const agendaTwo: PublicView['agenda'] = [
  { itemId: 'item-1', title: '预算', status: 'done', kind: 'vote' },
  { itemId: 'item-2', title: '人事', status: 'current', kind: 'election' },
];
const specOf = (ballotId: string) => ({ kind: 'motion', title: `spec of ${ballotId}` }) as unknown as BallotSpec;

function shared(version: number, ballotId: string | null, status: 'open' | 'closed' = 'open', agenda = agendaOne): TabletSharedPart {
  return {
    meetingId: 'm1',
    version,
    agenda,
    ballot: ballotId ? ballot(ballotId, status) : null,
    ballotSpec: ballotId ? specOf(ballotId) : null,
  } as unknown as TabletSharedPart;
}

/** The push carrying everything (the first one, or one to a tablet that missed the previous). */
const whole = (part: TabletSharedPart) => tabletPush(part, null);

function own(version: number, attendance: 'absent' | 'present', myVote: SeatView['myVote'] = null): SeatView {
  return { meetingId: 'm1', version, seat: { seatId: 's01', seatNo: '1排1座', name: '代表1', group: '第1组', attendance }, myVote };
}

describe('a tablet view in two parts', () => {
  it('shows the receipt only for the ballot it names', () => {
    const vote = { ballotId: 'b1', receiptId: 'r1', at: 5 };
    expect(composeTabletView(shared(3, 'b1'), own(3, 'present', vote)).myVote).toEqual({ receiptId: 'r1', at: 5 });
    // A new ballot opened: the old receipt is not a vote on it.
    expect(composeTabletView(shared(4, 'b2'), own(3, 'present', vote)).myVote).toBeNull();
  });

  it('splits a whole view and composes it back unchanged', () => {
    const view = { ...shared(7, 'b1'), seat: own(7, 'present').seat, myVote: { receiptId: 'r1', at: 9 } } as DelegateView;
    const { shared: s, own: o } = splitTabletView(view);
    expect(o.myVote).toEqual({ ballotId: 'b1', receiptId: 'r1', at: 9 });
    expect(composeTabletView(s, o)).toEqual(view);
  });

  it('composes nothing until both parts are known, then keeps the newest of each', () => {
    const parts = new TabletViewParts();
    expect(parts.acceptView(whole(shared(2, null)))).toBeNull();
    expect(parts.acceptSeat(own(2, 'absent'))?.seat.attendance).toBe('absent');
    // A sign-in pushes only the seat part; the shared part stays.
    expect(parts.acceptSeat(own(3, 'present'))).toMatchObject({ version: 2, seat: { attendance: 'present' } });
    // An older seat part (a sync answer overtaken by a push) is ignored.
    expect(parts.acceptSeat(own(2, 'absent'))?.seat.attendance).toBe('present');
    expect(parts.acceptView(whole(shared(5, 'b1')))).toMatchObject({ version: 5, ballot: { ballotId: 'b1' } });
    expect(parts.acceptView(whole(shared(4, null)))?.ballot?.ballotId).toBe('b1');
    expect(parts.needsSync).toBe(false);
  });

  it('takes the receipt from the ack and keeps it when a part rendered before it arrives', () => {
    const parts = new TabletViewParts();
    parts.acceptView(whole(shared(5, 'b1')));
    parts.acceptSeat(own(5, 'present'));
    expect(parts.acceptReceipt({ ballotId: 'b1', receiptId: 'r9', at: 11 })?.myVote).toEqual({ receiptId: 'r9', at: 11 });
    expect(parts.acceptSeat(own(5, 'present'))?.myVote).toEqual({ receiptId: 'r9', at: 11 });
    expect(parts.acceptView(whole(shared(6, 'b1', 'closed')))).toMatchObject({ ballot: { status: 'closed' }, myVote: { receiptId: 'r9' } });
  });
});

describe('a tablet push carries the agenda and the spec only when they change (issue 9)', () => {
  it('leaves out what the previous push had, and names it by agenda key and ballot id', () => {
    const opened = whole(shared(5, 'b1'));
    expect(opened).toMatchObject({ agenda: agendaOne, ballotSpec: specOf('b1'), agendaKey: agendaKeyOf(agendaOne) });
    const closed = tabletPush(shared(6, 'b1', 'closed'), pushMarks(opened));
    expect('agenda' in closed).toBe(false);
    expect('ballotSpec' in closed).toBe(false);
    expect(closed.agendaKey).toBe(opened.agendaKey);
    // Another agenda: the agenda again, not the spec; another ballot: its spec.
    const moved = tabletPush(shared(7, 'b1', 'closed', agendaTwo), pushMarks(closed));
    expect(moved.agenda).toEqual(agendaTwo);
    expect('ballotSpec' in moved).toBe(false);
    const next = tabletPush(shared(8, 'b2', 'open', agendaTwo), pushMarks(moved));
    expect('agenda' in next).toBe(false);
    expect(next.ballotSpec).toEqual(specOf('b2'));
    // Smaller on the wire than the push with everything.
    expect(JSON.stringify(closed).length).toBeLessThan(JSON.stringify(opened).length);
  });

  it('keys an agenda by its content: the same on every node and after a JSON round trip', () => {
    expect(agendaKeyOf(JSON.parse(JSON.stringify(agendaTwo)))).toBe(agendaKeyOf(agendaTwo));
    expect(agendaKeyOf(agendaOne)).not.toBe(agendaKeyOf(agendaTwo));
    // One item's status is enough to change it.
    expect(agendaKeyOf([{ ...agendaOne[0]!, status: 'done' }])).not.toBe(agendaKeyOf(agendaOne));
  });

  it('re-uses the agenda and spec it keeps for a push that names them', () => {
    const parts = new TabletViewParts();
    parts.acceptSeat(own(5, 'present'));
    const opened = whole(shared(5, 'b1'));
    parts.acceptView(opened);
    const closed = parts.acceptView(tabletPush(shared(6, 'b1', 'closed'), pushMarks(opened)));
    expect(closed).toMatchObject({ version: 6, agenda: agendaOne, ballot: { status: 'closed' }, ballotSpec: specOf('b1') });
    expect(parts.needsSync).toBe(false);
  });

  it('never shows a kept spec for another ballot: a tablet that missed the push with it resyncs', () => {
    const parts = new TabletViewParts();
    parts.acceptSeat(own(5, 'present'));
    parts.acceptView(whole(shared(5, 'b1')));
    // Missed: the push of version 6 that opened b2 with its spec. Version 7 names b2 without it.
    const missedOpen = tabletPush(shared(6, 'b2'), pushMarks(whole(shared(5, 'b1'))));
    const closed = tabletPush(shared(7, 'b2', 'closed'), pushMarks(missedOpen));
    expect(parts.acceptView(closed)).toMatchObject({ version: 5, ballot: { ballotId: 'b1' }, ballotSpec: specOf('b1') });
    expect(parts.needsSync).toBe(true);
    // The meeting:sync answer is the whole view: everything, and no sync pending.
    const synced = { ...shared(7, 'b2', 'closed'), seat: own(7, 'present').seat, myVote: null } as DelegateView;
    expect(parts.acceptView(synced)).toMatchObject({ version: 7, ballot: { ballotId: 'b2' }, ballotSpec: specOf('b2') });
    expect(parts.needsSync).toBe(false);
  });

  it('resyncs when a push names an agenda it does not have', () => {
    const parts = new TabletViewParts();
    parts.acceptSeat(own(5, 'present'));
    parts.acceptView(whole(shared(5, 'b1')));
    const missed = tabletPush(shared(6, 'b1', 'open', agendaTwo), null);
    const after = tabletPush(shared(7, 'b1', 'closed', agendaTwo), pushMarks(missed));
    expect(parts.acceptView(after)?.agenda).toEqual(agendaOne);
    expect(parts.needsSync).toBe(true);
  });
});

/** A part as rendered from one node's copy (docs/PROTOCOL.md §5, *Versions and epochs*). */
function ofEpoch<P extends object>(epoch: string, part: P): P & { epoch: string } {
  return { ...part, epoch };
}

describe('a tablet after its node read the meeting again (another epoch)', () => {
  /** A tablet that holds both parts of version 10 of epoch A, the meeting's ballot b1 open. */
  function tabletAtTen(): TabletViewParts {
    const parts = new TabletViewParts();
    parts.acceptView(ofEpoch('A', { ...shared(10, 'b1'), seat: own(10, 'present').seat, myVote: null } as DelegateView));
    return parts;
  }

  it('takes the shared part and the seat part of a new epoch at a lower version', () => {
    const parts = tabletAtTen();
    // Version 10 (say, the close of b1) was lost in a failover: the copy is at 9, b1 still open.
    expect(parts.acceptSeat(ofEpoch('B', own(9, 'absent')))?.seat.attendance).toBe('absent');
    const taken = parts.acceptView(ofEpoch('B', whole(shared(9, 'b1', 'open'))));
    expect(taken).toMatchObject({ version: 9, epoch: 'B', ballot: { ballotId: 'b1', status: 'open' }, seat: { attendance: 'absent' } });
    expect(parts.needsSync).toBe(false);
  });

  it('takes a whole view (a sync answer) of a new epoch at a lower version', () => {
    const parts = tabletAtTen();
    const answer = ofEpoch('B', { ...shared(8, null), seat: own(8, 'absent').seat, myVote: null } as DelegateView);
    expect(parts.acceptView(answer)).toMatchObject({ version: 8, epoch: 'B', ballot: null, seat: { attendance: 'absent' } });
  });

  it('still drops a lower version of the same epoch', () => {
    const parts = tabletAtTen();
    expect(parts.acceptView(ofEpoch('A', whole(shared(9, null))))).toMatchObject({ version: 10, ballot: { ballotId: 'b1' } });
    expect(parts.acceptSeat(ofEpoch('A', own(9, 'absent')))?.seat.attendance).toBe('present');
    expect(parts.needsSync).toBe(false);
  });

  it('never completes a partial push of a new epoch from what the old one kept: it asks for the whole view', () => {
    const parts = tabletAtTen();
    // The agenda key and ballot are those kept, but they were named by another copy.
    const partial = ofEpoch('B', tabletPush(shared(9, 'b1'), pushMarks(whole(shared(10, 'b1')))));
    expect('agenda' in partial || 'ballotSpec' in partial).toBe(false);
    expect(parts.acceptView(partial)).toMatchObject({ version: 10, epoch: 'A' });
    expect(parts.needsSync).toBe(true);
    const answer = ofEpoch('B', { ...shared(9, 'b1'), seat: own(9, 'present').seat, myVote: null } as DelegateView);
    expect(parts.acceptView(answer)).toMatchObject({ version: 9, epoch: 'B', agenda: agendaOne, ballotSpec: specOf('b1') });
    expect(parts.needsSync).toBe(false);
  });

  it('keeps the receipt of its own acknowledged cast across the epoch change (a vote is never taken back)', () => {
    const parts = tabletAtTen();
    parts.acceptReceipt({ ballotId: 'b1', receiptId: 'r1', at: 7 });
    expect(parts.acceptSeat(ofEpoch('B', own(9, 'present')))?.myVote).toEqual({ receiptId: 'r1', at: 7 });
  });
});
