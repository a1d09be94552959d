import { Map as PersistentMap } from 'immutable';
import { describe, expect, it } from 'vitest';
import type { IdMap, MeetingState, SeatState } from '../../shared/domain/meeting';
import type { CommandService } from './command-service';
import type { MeetingReplica } from './replica';
import { SeatPairing } from './seat-pairing';

function seat(deviceId: string | null): SeatState {
  return { delegate: { seatId: 'S1', name: '代表' } as SeatState['delegate'], attendance: 'present', signedInAt: null, deviceId, openCodeHashes: [] };
}

/** A replica whose copy the test sets by hand; only what SeatPairing reads of it. */
function pairingOver(copy: { state: Partial<MeetingState> | undefined }): SeatPairing {
  const replica = {
    loaded: { add: () => () => {} },
    advanced: { add: () => () => {} },
    cached: () => copy.state as MeetingState | undefined,
  };
  return new SeatPairing(replica as unknown as MeetingReplica, {} as CommandService);
}

/** Counts the seat table's look-ups, to show which checks skip it. */
function countingLookups(seats: IdMap<SeatState>): { seats: IdMap<SeatState>; lookups: () => number } {
  let lookups = 0;
  const get = seats.get.bind(seats);
  const counted = Object.create(seats) as IdMap<SeatState>;
  (counted as { get: unknown }).get = (key: string) => {
    lookups++;
    return get(key);
  };
  return { seats: counted, lookups: () => lookups };
}

describe('the per-event device check (SeatPairing.currentDeviceGeneration)', () => {
  it('skips the look-up while the seat table is the one the device was found current in, and looks again once it changes', () => {
    const first = countingLookups(PersistentMap({ S1: seat('tablet-a'), S2: seat('tablet-b') }));
    const copy: { state: Partial<MeetingState> | undefined } = { state: { seats: first.seats } };
    const pairing = pairingOver(copy);

    const generation = pairing.currentDeviceGeneration('m1', 'S1', 'tablet-a', 0);
    expect(generation).toBeGreaterThan(0);
    expect(first.lookups()).toBe(1);
    // Same table (a vote changes no seat): the same answer without looking.
    expect(pairing.currentDeviceGeneration('m1', 'S1', 'tablet-a', generation)).toBe(generation);
    expect(pairing.currentDeviceGeneration('m1', 'S1', 'tablet-a', generation)).toBe(generation);
    expect(first.lookups()).toBe(1);

    // The seat re-paired on another device: a new table, looked at again, and the old device refused.
    const repaired = countingLookups(first.seats.set('S1', seat('tablet-c')));
    copy.state = { seats: repaired.seats };
    expect(pairing.currentDeviceGeneration('m1', 'S1', 'tablet-a', generation)).toBe(0);
    expect(repaired.lookups()).toBe(1);
    // A refused device keeps being looked at (0 is never a table's generation).
    expect(pairing.currentDeviceGeneration('m1', 'S1', 'tablet-a', 0)).toBe(0);
    expect(repaired.lookups()).toBe(2);
    const newDevice = pairing.currentDeviceGeneration('m1', 'S1', 'tablet-c', 0);
    expect(newDevice).toBeGreaterThan(generation);
  });

  it('refuses a device that was never the seat’s, a seat not on the roster, and a meeting not loaded', () => {
    const copy: { state: Partial<MeetingState> | undefined } = { state: { seats: PersistentMap({ S1: seat('tablet-a'), S2: seat(null) }) } };
    const pairing = pairingOver(copy);
    expect(pairing.currentDeviceGeneration('m1', 'S1', 'tablet-x', 0)).toBe(0);
    expect(pairing.currentDeviceGeneration('m1', 'S9', 'tablet-a', 0)).toBe(0);
    expect(pairing.currentDeviceGeneration('m1', 'S2', 'tablet-a', 0)).toBe(0);
    const generation = pairing.currentDeviceGeneration('m1', 'S1', 'tablet-a', 0);
    copy.state = undefined;
    expect(pairing.currentDeviceGeneration('m1', 'S1', 'tablet-a', generation)).toBe(0);
  });

  it('never answers a generation a different table had: a reloaded copy with equal content is looked at anew', () => {
    const copy: { state: Partial<MeetingState> | undefined } = { state: { seats: PersistentMap({ S1: seat('tablet-a') }) } };
    const pairing = pairingOver(copy);
    const before = pairing.currentDeviceGeneration('m1', 'S1', 'tablet-a', 0);
    const reloaded = countingLookups(PersistentMap({ S1: seat('tablet-a') }));
    copy.state = { seats: reloaded.seats };
    const after = pairing.currentDeviceGeneration('m1', 'S1', 'tablet-a', before);
    expect(after).not.toBe(before);
    expect(after).toBeGreaterThan(0);
    expect(reloaded.lookups()).toBe(1);
  });
});
