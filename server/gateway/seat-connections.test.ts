import { describe, expect, it } from 'vitest';
import type { GatewaySocket } from './connection';
import { rooms } from './rooms';
import { SeatConnections } from './seat-connections';

/** What SeatConnections reads of a socket: its role, its room and whether it is connected. */
function tablet(seatId: string, meetingId = 'm-1'): GatewaySocket & { connected: boolean } {
  return { connected: true, data: { principal: { role: 'delegate', seatId }, room: rooms.seat(meetingId, seatId) } } as unknown as GatewaySocket & { connected: boolean };
}

describe('SeatConnections', () => {
  it("tells a tablet alone in its seat's room from one whose seat has a second connection here", () => {
    const seats = new SeatConnections();
    const first = tablet('s1');
    const other = tablet('s2');
    seats.track(first);
    seats.track(other);
    expect(seats.aloneInSeatRoom(first, 'm-1', 's1')).toBe(true);

    const reloaded = tablet('s1');
    seats.track(reloaded);
    expect(seats.aloneInSeatRoom(first, 'm-1', 's1')).toBe(false);
    expect(seats.aloneInSeatRoom(reloaded, 'm-1', 's1')).toBe(false);
    // Another seat's room is not shared by it.
    expect(seats.aloneInSeatRoom(other, 'm-1', 's2')).toBe(true);

    reloaded.connected = false;
    seats.untrack(reloaded);
    expect(seats.aloneInSeatRoom(first, 'm-1', 's1')).toBe(true);
  });

  it('never calls a disconnected tablet alone: another connection of its seat may have come since', () => {
    const seats = new SeatConnections();
    const voter = tablet('s1');
    seats.track(voter);
    voter.connected = false;
    seats.untrack(voter);
    const next = tablet('s1');
    seats.track(next);
    expect(seats.aloneInSeatRoom(voter, 'm-1', 's1')).toBe(false);
  });

  it('counts the same seat id in two meetings apart, and no staff or wall connection', () => {
    const seats = new SeatConnections();
    const here = tablet('s1', 'm-1');
    seats.track(here);
    seats.track(tablet('s1', 'm-2'));
    const staff = { connected: true, data: { principal: { role: 'staff' }, room: rooms.seat('m-1', 's1') } } as unknown as GatewaySocket;
    seats.track(staff);
    expect(seats.aloneInSeatRoom(here, 'm-1', 's1')).toBe(true);
    seats.untrack(staff);
    expect(seats.aloneInSeatRoom(here, 'm-1', 's1')).toBe(true);
  });
});
