import { describe, expect, it } from 'vitest';
import type { ConsoleView } from '../domain/views';
import { ConsoleViewParts, isConsolePush, type ConsolePush } from './console-view';

const seats = [{ seatId: 's1' }, { seatId: 's2' }] as unknown as ConsoleView['seats'];
const whole = (version: number, seatsKey: string): ConsolePush => ({ version, seatsKey, seats }) as unknown as ConsolePush;
const push = (version: number, seatsKey: string): ConsolePush => ({ version, seatsKey }) as unknown as ConsolePush;

describe('ConsoleViewParts: a console push without unchanged seats', () => {
  it('keeps the seats of a whole view and puts them into a push that names them', () => {
    const parts = new ConsoleViewParts();
    expect(parts.accept(whole(5, 'seats-1'))?.seats).toBe(seats);
    const composed = parts.accept(push(6, 'seats-1'));
    expect(composed).toMatchObject({ version: 6, seatsKey: 'seats-1' });
    expect(composed?.seats).toBe(seats);
    expect(parts.needsSync).toBe(false);
  });

  it('asks for the whole view when a push names seats it does not have, and recovers with it', () => {
    const parts = new ConsoleViewParts();
    expect(parts.accept(push(6, 'seats-2'))).toBeNull();
    expect(parts.needsSync).toBe(true);
    parts.accept(whole(5, 'seats-1'));
    expect(parts.accept(push(7, 'seats-2'))).toBeNull();
    expect(parts.needsSync).toBe(true);
    expect(parts.accept(whole(7, 'seats-2'))?.seats).toBe(seats);
    expect(parts.needsSync).toBe(false);
  });

  it('drops a lower version of the same epoch (a sync answer overtaken by a push)', () => {
    const parts = new ConsoleViewParts();
    parts.accept({ ...whole(10, 'seats-1'), epoch: 'A' });
    expect(parts.accept({ ...whole(9, 'seats-0'), epoch: 'A' })).toBeNull();
    expect(parts.needsSync).toBe(false);
    expect(parts.accept({ ...push(10, 'seats-1'), epoch: 'A' })?.seats).toBe(seats);
  });

  it('takes a view of a new epoch at a lower version (the copy read again after a failover)', () => {
    const parts = new ConsoleViewParts();
    parts.accept({ ...whole(10, 'seats-1'), epoch: 'A' });
    const taken = parts.accept({ ...whole(9, 'seats-7'), epoch: 'B' });
    expect(taken).toMatchObject({ version: 9, epoch: 'B', seatsKey: 'seats-7' });
    // From now on the new epoch's versions rule: its next pushes complete from its seats.
    expect(parts.accept({ ...push(9, 'seats-7'), epoch: 'B' })?.seats).toBe(seats);
    expect(parts.accept({ ...whole(8, 'seats-7'), epoch: 'B' })).toBeNull();
    // Any other epoch is taken too (a reconnect to another node): epochs are never ordered.
    expect(parts.accept({ ...whole(7, 'seats-1'), epoch: 'C' })).toMatchObject({ version: 7, epoch: 'C' });
  });

  it('never completes a push of a new epoch with the seats of the old one: it asks for the whole view', () => {
    const parts = new ConsoleViewParts();
    parts.accept({ ...whole(10, 'seats-1'), epoch: 'A' });
    // The same key, but named by another copy (keys name lists on one node only).
    expect(parts.accept({ ...push(9, 'seats-1'), epoch: 'B' })).toBeNull();
    expect(parts.needsSync).toBe(true);
    expect(parts.accept({ ...whole(9, 'seats-1'), epoch: 'B' })).toMatchObject({ version: 9, epoch: 'B' });
    expect(parts.needsSync).toBe(false);
  });

  it('puts changed rows in their seats’ places when its seats are as of `since` or later', () => {
    const parts = new ConsoleViewParts();
    parts.accept({ ...whole(5, 'seats-1'), epoch: 'A' });
    const s2 = { seatId: 's2', attendance: 'present' } as unknown as ConsoleView['seats'][number];
    const changed = (version: number, since: number, seatsKey: string, rows = [s2]): ConsolePush =>
      ({ ...push(version, seatsKey), epoch: 'A', seatChanges: { since, rows } }) as unknown as ConsolePush;
    const composed = parts.accept(changed(7, 5, 'seats-2'));
    expect(composed?.seats).toEqual([seats[0], s2]);
    expect(composed).not.toHaveProperty('seatChanges');
    // The kept list is now the push's: a push naming it needs nothing more.
    expect(parts.accept({ ...push(8, 'seats-2'), epoch: 'A' })?.seats).toEqual([seats[0], s2]);
    // Changes since a version after the one kept: a push in between was missed.
    expect(parts.accept(changed(10, 9, 'seats-3'))).toBeNull();
    expect(parts.needsSync).toBe(true);
    parts.accept({ ...whole(10, 'seats-3'), epoch: 'A' });
    // A change to a seat the list does not hold: the lists are not the same roster.
    const stranger = { seatId: 's9' } as unknown as ConsoleView['seats'][number];
    expect(parts.accept(changed(11, 10, 'seats-4', [stranger]))).toBeNull();
    expect(parts.needsSync).toBe(true);
  });

  it('never applies changes to the seats of another epoch, nor with none kept', () => {
    const changes = { since: 1, rows: [] };
    const fresh = new ConsoleViewParts();
    expect(fresh.accept({ ...push(3, 'seats-2'), seatChanges: changes } as unknown as ConsolePush)).toBeNull();
    expect(fresh.needsSync).toBe(true);
    const parts = new ConsoleViewParts();
    parts.accept({ ...whole(5, 'seats-1'), epoch: 'A' });
    expect(parts.accept({ ...push(6, 'seats-2'), epoch: 'B', seatChanges: changes } as unknown as ConsolePush)).toBeNull();
    expect(parts.needsSync).toBe(true);
  });

  it('tells a console push from a public or tablet view', () => {
    expect(isConsolePush(push(1, 'seats-1'))).toBe(true);
    expect(isConsolePush({ version: 1, agendaKey: 'a' })).toBe(false);
    expect(isConsolePush(null)).toBe(false);
  });
});
