import { describe, expect, it } from 'vitest';
import type { MeetingCommand } from '../../shared/domain/decide';
import { SECRETARIAT, seatIdOf } from '../../shared/domain/test-fixtures';
import { heldMeeting } from '../../tests/support/held-store';
import type { CommandOutcome } from './command-service';

const settle = () => new Promise((resolve) => setImmediate(resolve));


/** The outcome of an accepted caller; a refusal fails the test with its code. */
function accepted(outcome: CommandOutcome | undefined) {
  if (!outcome?.ok) throw new Error(`expected acceptance, got ${outcome ? outcome.code : 'no answer'}`);
  return outcome;
}

const issue = (seatId: string, codeHash: string): MeetingCommand => ({ type: 'IssuePairingCode', seatId, codeHash });
const pair = (codeHash: string, deviceId: string): MeetingCommand => ({ type: 'PairDevice', codeHash, deviceId });

describe('CommandService batches the callers queued on one meeting (issue 9)', () => {
  it('decides the waiting callers in arrival order, appends them together, and answers each alone', async () => {
    const { store, service, meetingId } = await heldMeeting(20);
    store.hold = true;
    // The first caller's append is in flight: everyone after it waits for the next batch.
    const first = service.execute(meetingId, [issue(seatIdOf(1), 'h1')], SECRETARIAT);
    await settle();
    expect(store.waitingAppends).toBe(1);
    const waiting = [
      service.execute(meetingId, [issue(seatIdOf(2), 'h2')], SECRETARIAT),
      // Decided on the state the callers before it leave: h1 is open once the first batch is in.
      service.execute(meetingId, [pair('h1', 'tablet-a')], SECRETARIAT),
      // A refusal in the middle: answered alone, adds no event, stops nobody after it.
      service.execute(meetingId, [issue('constructor', 'h-bad')], SECRETARIAT),
      // h2 comes from a caller earlier in this same batch.
      service.execute(meetingId, [pair('h2', 'tablet-b')], SECRETARIAT),
      // h1 was used by the caller two places before: refused, as if they ran one at a time.
      service.execute(meetingId, [pair('h1', 'tablet-c')], SECRETARIAT),
      service.execute(meetingId, [issue(seatIdOf(3), 'h3'), issue(seatIdOf(4), 'h4')], SECRETARIAT),
    ];
    await settle();
    expect(store.waitingAppends).toBe(1);
    store.release();
    await first;
    await settle();
    expect(store.waitingAppends).toBe(1);
    store.release();
    const [issued2, paired1, unknownSeat, paired2, reused, issued34] = await Promise.all(waiting);

    // Seven callers, two appends: the first alone, the six that queued behind it in one.
    expect(store.appends.map((events) => events.map((e) => e.type))).toEqual([
      ['MeetingCreated'],
      ['PairingCodeIssued'],
      ['PairingCodeIssued', 'DevicePaired', 'DevicePaired', 'PairingCodeIssued', 'PairingCodeIssued'],
    ]);
    expect(issued2).toMatchObject({ ok: true, events: [{ type: 'PairingCodeIssued', seatId: seatIdOf(2) }] });
    expect(paired1).toMatchObject({ ok: true, events: [{ type: 'DevicePaired', seatId: seatIdOf(1), deviceId: 'tablet-a' }] });
    expect(unknownSeat).toMatchObject({ ok: false, code: 'UNKNOWN_SEAT' });
    expect(paired2).toMatchObject({ ok: true, events: [{ type: 'DevicePaired', seatId: seatIdOf(2), deviceId: 'tablet-b' }] });
    expect(reused).toMatchObject({ ok: false, code: 'PAIRING_CODE_INVALID' });
    expect(accepted(issued34).events.map((e) => e.type === 'PairingCodeIssued' && e.seatId)).toEqual([seatIdOf(3), seatIdOf(4)]);
    // Every accepted caller's answer is the state after the durable batch.
    expect(accepted(issued2).state.version).toBe(7);
    expect(accepted(issued2).state.seats.get(seatIdOf(2))?.deviceId).toBe('tablet-b');
  });

  it('caps a batch by its number of commands, keeping arrival order across batches', async () => {
    const { store, service, meetingId } = await heldMeeting(40);
    store.hold = true;
    const first = service.execute(meetingId, [issue(seatIdOf(1), 'c1')], SECRETARIAT);
    await settle();
    // 20 single-command callers behind a batch cap of 8 commands: batches of 8, 8, 4.
    const waiting = Array.from({ length: 20 }, (_, i) => service.execute(meetingId, [issue(seatIdOf(i + 2), `c${i + 2}`)], SECRETARIAT));
    store.hold = false;
    store.release();
    await first;
    const answers = await Promise.all(waiting);
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(store.appends.slice(1).map((events) => events.length)).toEqual([1, 8, 8, 4]);
    const seatsInLogOrder = store.appends.flat().flatMap((e) => (e.type === 'PairingCodeIssued' ? [e.seatId] : []));
    expect(seatsInLogOrder).toEqual(Array.from({ length: 21 }, (_, i) => seatIdOf(i + 1)));
  });

  it('answers a batch made only of refusals without appending', async () => {
    const { store, service, meetingId } = await heldMeeting(2);
    const answers = await Promise.all([
      service.execute(meetingId, [pair('nope', 'tablet')], SECRETARIAT),
      service.execute(meetingId, [issue('__proto__', 'x')], SECRETARIAT),
    ]);
    expect(answers.map((a) => (a.ok ? 'accepted' : a.code))).toEqual(['PAIRING_CODE_INVALID', 'UNKNOWN_SEAT']);
    expect(store.appends).toHaveLength(1);
  });
});
