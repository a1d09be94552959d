import { describe, expect, it } from 'vitest';
import { Presence } from './presence';

/** What aloneOnNode reads of a tablet's connection. */
const tablet = () => ({ connected: true });

describe('Presence', () => {
  it('tells when a seat comes online and goes offline on this node, and when it was last seen', () => {
    const presence = new Presence();
    expect(presence.connected('m-1', 's1', 100)).toBe(true);
    expect(presence.connected('m-1', 's1', 110)).toBe(false);
    expect(presence.disconnected('m-1', 's1', 120)).toBe(false);
    expect(presence.isOnline('m-1', 's1')).toBe(true);
    expect(presence.disconnected('m-1', 's1', 130)).toBe(true);
    expect(presence.isOnline('m-1', 's1')).toBe(false);
    // A disconnect the node never counted changes nothing.
    expect(presence.disconnected('m-1', 's1', 140)).toBe(false);
    expect(presence.disconnected('m-1', 's9', 140)).toBe(false);
    expect(presence.snapshot('m-1')).toEqual({ online: [], offline: [{ seatId: 's1', lastSeen: 130 }] });
  });

  it("tells a tablet alone on this node from one whose seat has a second connection here", () => {
    const presence = new Presence();
    const first = tablet();
    const other = tablet();
    presence.connected('m-1', 's1', 1);
    presence.connected('m-1', 's2', 1);
    expect(presence.aloneOnNode(first, 'm-1', 's1')).toBe(true);

    const reloaded = tablet();
    presence.connected('m-1', 's1', 2);
    expect(presence.aloneOnNode(first, 'm-1', 's1')).toBe(false);
    expect(presence.aloneOnNode(reloaded, 'm-1', 's1')).toBe(false);
    // Another seat is not shared by it.
    expect(presence.aloneOnNode(other, 'm-1', 's2')).toBe(true);

    reloaded.connected = false;
    presence.disconnected('m-1', 's1', 3);
    expect(presence.aloneOnNode(first, 'm-1', 's1')).toBe(true);
  });

  it('never calls a disconnected tablet alone: another connection of its seat may have come since', () => {
    const presence = new Presence();
    const voter = tablet();
    presence.connected('m-1', 's1', 1);
    voter.connected = false;
    presence.disconnected('m-1', 's1', 2);
    presence.connected('m-1', 's1', 3);
    expect(presence.aloneOnNode(voter, 'm-1', 's1')).toBe(false);
  });

  it('counts the same seat id in two meetings apart', () => {
    const presence = new Presence();
    const here = tablet();
    presence.connected('m-1', 's1', 1);
    presence.connected('m-2', 's1', 1);
    expect(presence.aloneOnNode(here, 'm-1', 's1')).toBe(true);
    presence.connected('m-2', 's1', 2);
    // A seat shared in another meeting makes this one looked up, and still alone.
    expect(presence.aloneOnNode(here, 'm-1', 's1')).toBe(true);
    expect(presence.aloneOnNode(here, 'm-2', 's1')).toBe(false);
  });
});
