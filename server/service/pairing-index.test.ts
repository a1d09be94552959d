import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evolve, initialState } from '../../shared/domain/evolve';
import type { MeetingEvent, MeetingState } from '../../shared/domain/meeting';
import { meetingSpec, SECRETARIAT, seatIdOf, T0 } from '../../shared/domain/test-fixtures';
import { PairingIndex } from './pairing-index';

/** The index kept event by event (follow) answers exactly as one rebuilt from the state (update). */
describe('PairingIndex.follow', () => {
  it('agrees with a rebuild after random issues, re-issues and pairings, in batches', () => {
    const seat = fc.integer({ min: 1, max: 6 }).map(seatIdOf);
    const code = fc.integer({ min: 1, max: 15 }).map((n) => `hash-${n}`);
    const event = fc.oneof(
      fc.record({ type: fc.constant('PairingCodeIssued' as const), seatId: seat, codeHash: code }),
      fc.record({ type: fc.constant('DevicePaired' as const), seatId: seat, codeHash: code }),
      fc.record({ type: fc.constant('PairingCodeRevoked' as const), seatId: seat }),
    );
    fc.assert(
      fc.property(fc.array(fc.array(event, { minLength: 1, maxLength: 4 }), { maxLength: 25 }), (batches) => {
        let state: MeetingState = initialState(meetingSpec('congress', 6));
        const followed = new PairingIndex();
        followed.update(state);
        for (const batch of batches) {
          const events = batch.map(
            (e): MeetingEvent =>
              e.type === 'PairingCodeIssued' || e.type === 'PairingCodeRevoked'
                ? { ...e, at: T0, by: SECRETARIAT }
                : { ...e, at: T0, deviceId: `device-${e.codeHash}` },
          );
          const before = state;
          state = events.reduce(evolve, state);
          followed.follow(before, state, events);
        }
        const rebuilt = new PairingIndex();
        rebuilt.update(state);
        for (let n = 1; n <= 15; n++) expect(followed.meetingFor(`hash-${n}`)).toBe(rebuilt.meetingFor(`hash-${n}`));
      }),
      { numRuns: 300 },
    );
  });
});
