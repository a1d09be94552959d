import { describe, expect, it, vi } from 'vitest';
import type { MeetingState } from '../../shared/domain/meeting';
import { connectionContext } from './connection';
import { deviceCurrentInCopy } from './device-check';

/** A node's copy as the check sees it: its version and epoch, and whether the seat's device is this one. */
function copyOf(start: { version: number; epoch: string; current: boolean }) {
  const copy = { ...start };
  const isCurrentDeviceCached = vi.fn(() => copy.current);
  const service = {
    cachedState: () => ({ version: copy.version }) as MeetingState,
    epochOf: () => copy.epoch,
    isCurrentDeviceCached,
  };
  return { copy, service, lookups: () => isCurrentDeviceCached.mock.calls.length };
}

const tablet = () => ({ data: connectionContext({ role: 'delegate', meetingId: 'm1', seatId: 's1', deviceId: 'd1' }, 'm1') });

describe("a tablet's device, checked against the node's copy", () => {
  it('is looked up once while the copy has not moved (a burst of votes changes neither version nor epoch)', () => {
    const { service, lookups } = copyOf({ version: 7, epoch: 'e1', current: true });
    const socket = tablet();
    for (let i = 0; i < 5; i++) expect(deviceCurrentInCopy(socket, service)).toBe(true);
    expect(lookups()).toBe(1);
  });

  it('is looked up again after an event: a seat paired on another device is refused', () => {
    const { copy, service, lookups } = copyOf({ version: 7, epoch: 'e1', current: true });
    const socket = tablet();
    expect(deviceCurrentInCopy(socket, service)).toBe(true);
    Object.assign(copy, { version: 8, current: false });
    expect(deviceCurrentInCopy(socket, service)).toBe(false);
    expect(deviceCurrentInCopy(socket, service)).toBe(false);
    expect(lookups()).toBe(3);
  });

  it('is looked up again in a copy read anew, even at the same version', () => {
    const { copy, service, lookups } = copyOf({ version: 7, epoch: 'e1', current: true });
    const socket = tablet();
    expect(deviceCurrentInCopy(socket, service)).toBe(true);
    Object.assign(copy, { epoch: 'e2', current: false });
    expect(deviceCurrentInCopy(socket, service)).toBe(false);
    expect(lookups()).toBe(2);
  });

  it('says no when the node holds no copy of the meeting (the caller then asks the store)', () => {
    const { service, lookups } = copyOf({ version: 7, epoch: 'e1', current: true });
    const socket = tablet();
    expect(deviceCurrentInCopy(socket, { ...service, cachedState: () => undefined })).toBe(false);
    expect(lookups()).toBe(0);
  });
});
