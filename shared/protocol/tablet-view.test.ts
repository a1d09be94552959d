import { describe, expect, it } from 'vitest';
import type { DelegateView } from '../domain/views';
import type { SeatView, TabletPublicView } from './socket';
import { composeTabletView, splitTabletView, TabletViewParts } from './tablet-view';

const ballot = (ballotId: string, status: 'open' | 'closed' = 'open') =>
  ({ ballotId, status, itemId: 'item-1', title: 't', voted: 0 }) as unknown as TabletPublicView['ballot'];

function shared(version: number, ballotId: string | null, status: 'open' | 'closed' = 'open'): TabletPublicView {
  return { meetingId: 'm1', version, ballot: ballotId ? ballot(ballotId, status) : null, ballotSpec: null } as unknown as TabletPublicView;
}

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
    const whole = { ...shared(7, 'b1'), seat: own(7, 'present').seat, myVote: { receiptId: 'r1', at: 9 } } as DelegateView;
    const { shared: s, own: o } = splitTabletView(whole);
    expect(o.myVote).toEqual({ ballotId: 'b1', receiptId: 'r1', at: 9 });
    expect(composeTabletView(s, o)).toEqual(whole);
  });

  it('composes nothing until both parts are known, then keeps the newest of each', () => {
    const parts = new TabletViewParts();
    expect(parts.acceptView(shared(2, null))).toBeNull();
    expect(parts.acceptSeat(own(2, 'absent'))?.seat.attendance).toBe('absent');
    // A sign-in pushes only the seat part; the shared part stays.
    expect(parts.acceptSeat(own(3, 'present'))).toMatchObject({ version: 2, seat: { attendance: 'present' } });
    // An older seat part (a sync answer overtaken by a push) is ignored.
    expect(parts.acceptSeat(own(2, 'absent'))?.seat.attendance).toBe('present');
    expect(parts.acceptView(shared(5, 'b1'))).toMatchObject({ version: 5, ballot: { ballotId: 'b1' } });
    expect(parts.acceptView(shared(4, null))?.ballot?.ballotId).toBe('b1');
  });

  it('takes the receipt from the ack and keeps it when a part rendered before it arrives', () => {
    const parts = new TabletViewParts();
    parts.acceptView(shared(5, 'b1'));
    parts.acceptSeat(own(5, 'present'));
    expect(parts.acceptReceipt({ ballotId: 'b1', receiptId: 'r9', at: 11 })?.myVote).toEqual({ receiptId: 'r9', at: 11 });
    expect(parts.acceptSeat(own(5, 'present'))?.myVote).toEqual({ receiptId: 'r9', at: 11 });
    expect(parts.acceptView(shared(6, 'b1', 'closed'))).toMatchObject({ ballot: { status: 'closed' }, myVote: { receiptId: 'r9' } });
  });
});
