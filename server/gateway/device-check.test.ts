import { describe, expect, it, vi } from 'vitest';
import { connectionContext } from './connection';
import { deviceCurrentInCopy } from './device-check';

/** A node's copy as the check sees it: its seat map's generation, and whether the seat's device is this one. */
function copyOf(start: { seatMap: number | undefined; current: boolean }) {
  const copy = { ...start };
  const isCurrentDeviceCached = vi.fn(() => copy.current);
  const service = { seatMapGeneration: () => copy.seatMap, isCurrentDeviceCached };
  return { copy, service, lookups: () => isCurrentDeviceCached.mock.calls.length };
}

const tablet = () => ({ data: connectionContext({ role: 'delegate', meetingId: 'm1', seatId: 's1', deviceId: 'd1' }, 'm1') });

describe("a tablet's device, checked against the node's copy", () => {
  it('is looked up once while the seat map stands (votes and ballots between them leave it alone)', () => {
    const { service, lookups } = copyOf({ seatMap: 7, current: true });
    const socket = tablet();
    for (let i = 0; i < 5; i++) expect(deviceCurrentInCopy(socket, service)).toBe(true);
    expect(lookups()).toBe(1);
  });

  it('is looked up again once the seat map moved: a seat paired on another device is refused, every time', () => {
    const { copy, service, lookups } = copyOf({ seatMap: 7, current: true });
    const socket = tablet();
    expect(deviceCurrentInCopy(socket, service)).toBe(true);
    Object.assign(copy, { seatMap: 8, current: false });
    expect(deviceCurrentInCopy(socket, service)).toBe(false);
    expect(deviceCurrentInCopy(socket, service)).toBe(false);
    expect(lookups()).toBe(3);
  });

  it('keeps each connection its own: one tablet found current says nothing of another', () => {
    const { copy, service, lookups } = copyOf({ seatMap: 7, current: true });
    expect(deviceCurrentInCopy(tablet(), service)).toBe(true);
    copy.current = false;
    expect(deviceCurrentInCopy(tablet(), service)).toBe(false);
    expect(lookups()).toBe(2);
  });

  it('says no when the node holds no copy of the meeting (the caller then asks the store)', () => {
    const { service, lookups } = copyOf({ seatMap: undefined, current: true });
    expect(deviceCurrentInCopy(tablet(), service)).toBe(false);
    expect(lookups()).toBe(0);
  });

  it('asks nothing for staff and wall connections', () => {
    const { service, lookups } = copyOf({ seatMap: 7, current: false });
    const wall = { data: connectionContext({ role: 'wall', meetingId: 'm1' }, 'm1') };
    expect(deviceCurrentInCopy(wall, service)).toBe(true);
    expect(lookups()).toBe(0);
  });
});
