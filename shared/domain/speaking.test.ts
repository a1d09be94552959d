import { describe, expect, it } from 'vitest';
import type { Actor } from './meeting';
import { publicView, consoleView, delegateView } from './views';
import { replay, run, attempt, seatIdOf, sittingWith, T0, HOSTILE_IDS, type Meeting } from './test-fixtures';
import { speakingOf } from './speaking';

const DELEGATE: Actor = { role: 'delegate', name: '代表' };
const AT = T0 + 10_000;

function ask(m: Meeting, seat: number, requestId: string, kind: 'speak' | 'inquiry' = 'speak', at = AT): Meeting {
  return run(m, { type: 'RequestFloor', seatId: seatIdOf(seat), kind, requestId }, at, DELEGATE);
}

describe('speaking requests (申请发言 / 询问)', () => {
  it('queues requests in order, grants one with a limit, and the next grant ends the current speaker', () => {
    let m = sittingWith('congress', 10, 8);
    m = ask(m, 1, 'r1');
    m = ask(m, 2, 'r2', 'inquiry', AT + 1);
    m = ask(m, 3, 'r3', 'speak', AT + 2);
    expect(consoleView(m.state).speakingQueue.map((r) => r.requestId)).toEqual(['r1', 'r2', 'r3']);
    expect(publicView(m.state).speaking).toEqual({ current: null, queued: 3 });

    m = run(m, { type: 'GrantFloor', requestId: 'r2', limitSeconds: 300 }, AT + 5_000);
    expect(publicView(m.state).speaking).toEqual({
      current: { requestId: 'r2', seatNo: expect.any(String), name: expect.any(String), kind: 'inquiry', startedAt: AT + 5_000, limitSeconds: 300 },
      queued: 2,
    });
    expect(delegateView(m.state, seatIdOf(2))?.seat.floor).toEqual({ requestId: 'r2', kind: 'inquiry', status: 'speaking' });
    expect(delegateView(m.state, seatIdOf(1))?.seat.floor).toEqual({ requestId: 'r1', kind: 'speak', status: 'queued' });

    const before = m.events.length;
    m = run(m, { type: 'GrantFloor', requestId: 'r1', limitSeconds: null }, AT + 9_000);
    expect(m.events.slice(before).map((e) => e.type)).toEqual(['FloorEnded', 'FloorGranted']);
    expect(delegateView(m.state, seatIdOf(2))?.seat.floor).toBeNull();
    expect(publicView(m.state).speaking.current?.requestId).toBe('r1');
    expect(publicView(m.state).speaking.queued).toBe(1);

    m = run(m, { type: 'EndFloor' }, AT + 10_000);
    expect(publicView(m.state).speaking.current).toBeNull();
    // The fold of the log gives the same state (invariant 3).
    expect(consoleView(replay(m.events)).speakingQueue).toEqual(consoleView(m.state).speakingQueue);
  });

  it('one request per seat: asking again changes nothing; withdraw and skip leave the queue', () => {
    let m = sittingWith('congress', 10, 8);
    m = ask(m, 1, 'r1');
    const again = attempt(m, { type: 'RequestFloor', seatId: seatIdOf(1), kind: 'inquiry', requestId: 'r9' }, AT, DELEGATE);
    expect(again).toEqual({ ok: true, events: [] });
    m = ask(m, 2, 'r2');
    m = run(m, { type: 'WithdrawFloor', seatId: seatIdOf(1) }, AT + 1, DELEGATE);
    m = run(m, { type: 'SkipFloor', requestId: 'r2' }, AT + 2);
    expect(speakingOf(m.state).queue.size).toBe(0);
    expect(speakingOf(m.state).bySeat.size).toBe(0);
    // A seat that withdrew may ask again.
    m = ask(m, 1, 'r3', 'speak', AT + 3);
    expect(consoleView(m.state).speakingQueue.map((r) => r.seatId)).toEqual([seatIdOf(1)]);
  });

  it('refuses requests outside the sitting, from seats not signed in, and for requests that are not waiting', () => {
    const m = sittingWith('congress', 10, 8);
    expect(attempt(m, { type: 'RequestFloor', seatId: seatIdOf(9), kind: 'speak', requestId: 'r1' }, AT, DELEGATE)).toMatchObject({ ok: false, code: 'NOT_SIGNED_IN' });
    expect(attempt(m, { type: 'GrantFloor', requestId: 'nope', limitSeconds: null }, AT)).toMatchObject({ ok: false, code: 'UNKNOWN_FLOOR_REQUEST' });
    expect(attempt(m, { type: 'SkipFloor', requestId: 'nope' }, AT)).toMatchObject({ ok: false, code: 'UNKNOWN_FLOOR_REQUEST' });
    expect(attempt(m, { type: 'EndFloor' }, AT)).toEqual({ ok: true, events: [] });
    const closed = run(m, { type: 'CloseSession' }, AT);
    expect(attempt(closed, { type: 'RequestFloor', seatId: seatIdOf(1), kind: 'speak', requestId: 'r1' }, AT, DELEGATE)).toMatchObject({ ok: false, code: 'WRONG_PHASE' });
  });

  it('hostile ids name no seat and no request (invariant 6)', () => {
    const m = ask(sittingWith('congress', 10, 8), 1, 'r1');
    for (const id of HOSTILE_IDS) {
      expect(attempt(m, { type: 'RequestFloor', seatId: id, kind: 'speak', requestId: 'x' }, AT, DELEGATE)).toMatchObject({ ok: false, code: 'UNKNOWN_SEAT' });
      expect(attempt(m, { type: 'WithdrawFloor', seatId: id }, AT, DELEGATE)).toMatchObject({ ok: false, code: 'UNKNOWN_SEAT' });
      expect(attempt(m, { type: 'GrantFloor', requestId: id, limitSeconds: null }, AT)).toMatchObject({ ok: false, code: 'UNKNOWN_FLOOR_REQUEST' });
      expect(attempt(m, { type: 'SkipFloor', requestId: id }, AT)).toMatchObject({ ok: false, code: 'UNKNOWN_FLOOR_REQUEST' });
    }
    expect(consoleView(m.state).speakingQueue).toHaveLength(1);
  });
});
