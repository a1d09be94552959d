import { describe, expect, it, vi } from 'vitest';
import type { MeetingCommand } from '../../shared/domain/decide';
import type { MeetingEvent, MeetingState } from '../../shared/domain/meeting';
import { SECRETARIAT, T0, seatIdOf } from '../../shared/domain/test-fixtures';
import { heldMeeting } from '../../tests/support/held-store';

/** Every fold of one event, counted (the real evolve underneath). */
const folds = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../shared/domain/evolve', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../shared/domain/evolve')>();
  return {
    ...original,
    evolve: (state: MeetingState, event: MeetingEvent) => {
      folds.count++;
      return original.evolve(state, event);
    },
  };
});


const issue = (seatId: string, codeHash: string): MeetingCommand => ({ type: 'IssuePairingCode', seatId, codeHash });

describe('a command’s events are folded once (decide, batch and copy share the fold)', () => {
  it('folds each accepted event once on its way from decide to the copy', async () => {
    const { replica, service, meetingId } = await heldMeeting(10);
    folds.count = 0;
    const outcome = await service.execute(meetingId, [issue(seatIdOf(1), 'h1'), issue(seatIdOf(2), 'h2')], SECRETARIAT);
    expect(outcome.ok).toBe(true);
    // Two events, two folds: it was six (decideAll, decideBatch, the copy's advance).
    expect(folds.count).toBe(2);
    const copy = await replica.settled(meetingId);
    expect(copy?.seats.get(seatIdOf(2))?.openCodeHashes).toEqual(['h2']);
    expect(outcome.ok && outcome.state).toBe(copy);
  });

  it('takes the caller’s fold while the copy is the state it was made from', async () => {
    const { store, replica, meetingId } = await heldMeeting(10);
    const before = (await replica.settled(meetingId))!;
    const events: MeetingEvent[] = [{ type: 'PairingCodeIssued', at: T0 + 1, by: SECRETARIAT, seatId: seatIdOf(3), codeHash: 'h3' }];
    await store.append(meetingId, before.version, events);
    const { evolve } = await import('../../shared/domain/evolve');
    const to = evolve(before, events[0]!);
    folds.count = 0;
    expect(await replica.advance(meetingId, before.version, events, { from: before, to })).toBe(to);
    expect(folds.count).toBe(0);
  });

  it('folds again when the copy is not the state the caller folded from', async () => {
    const { store, replica, meetingId } = await heldMeeting(10);
    const before = (await replica.settled(meetingId))!;
    const events: MeetingEvent[] = [{ type: 'PairingCodeIssued', at: T0 + 1, by: SECRETARIAT, seatId: seatIdOf(4), codeHash: 'h4' }];
    await store.append(meetingId, before.version, events);
    // A fold made from another object than the copy (as if a cast had moved the copy since).
    const stranger = { ...before };
    const wrong = { ...before, version: before.version + 1 };
    folds.count = 0;
    const next = await replica.advance(meetingId, before.version, events, { from: stranger, to: wrong });
    expect(next).not.toBe(wrong);
    expect(folds.count).toBe(1);
    expect(next.version).toBe(before.version + 1);
    expect(next.seats.get(seatIdOf(4))?.openCodeHashes).toEqual(['h4']);
  });
});
