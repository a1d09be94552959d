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

  it('tells a console push from a public or tablet view', () => {
    expect(isConsolePush(push(1, 'seats-1'))).toBe(true);
    expect(isConsolePush({ version: 1, agendaKey: 'a' })).toBe(false);
    expect(isConsolePush(null)).toBe(false);
  });
});
