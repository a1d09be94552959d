import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { boxOf, turnout } from '../../shared/domain/evolve';
import { CHAIR, FIRST_ITEM, SECRETARIAT, meetingSpec, motionSpec, seatIdOf, seatIds } from '../../shared/domain/test-fixtures';
import { testKeyring } from '../../tests/store/fixtures';
import { systemClock } from '../clock';
import { silentLogger } from '../logger';
import { MeetingService } from '../meeting-service';
import { receiptIdsDrawnAhead } from './receipt-ids';
import { FileStore } from '../store/file/file-store';

const SEATS = 40;
const OPTIONS = ['yes', 'no', 'abstain'] as const;

/**
 * The votes of a burst are folded into the copy together, when it is next read (replica.ts
 * recordVote, pending-votes.ts), yet nothing may see the copy without a vote the store has
 * answered: not the vote's own notice, not its tablet's answer, not a read between two answers,
 * not the judgement of the seat's next press.
 */
describe('votes folded into the copy together', () => {
  let dir: string;
  let store: FileStore;
  let service: MeetingService;
  const { meetingId } = meetingSpec('congress', SEATS);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'batched-votes-'));
    store = await FileStore.open(dir, { logger: silentLogger, keyring: testKeyring() });
    service = new MeetingService({ store, clock: systemClock, logger: silentLogger });
    await service.createMeeting(meetingSpec('congress', SEATS), SECRETARIAT);
    await Promise.all(seatIds(SEATS).map((seatId) => service.execute(meetingId, [{ type: 'SignIn', seatId }], { role: 'delegate', name: seatId })));
    await service.execute(meetingId, [{ type: 'OpenSession' }, { type: 'StartItem', itemId: FIRST_ITEM }], CHAIR);
  });

  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('40 votes at once on a named motion: each notice, each answer and every read between them sees its vote; 14 yes, 13 no, 13 abstain', async () => {
    const opened = await service.execute(meetingId, [{ type: 'OpenBallot', spec: motionSpec('b-1', { secrecy: 'named' }), quorumOverrideReason: null }], CHAIR);
    expect(opened.ok).toBe(true);
    // The opening drew a receipt id per seat, after its own turn (receipt-ids.ts).
    await new Promise((resolve) => setImmediate(resolve));
    expect(receiptIdsDrawnAhead()).toBeGreaterThanOrEqual(SEATS);
    const unseenAtNotice: string[] = [];
    const off = service.voted.add(({ seatId }) => {
      if (!service.cachedState(meetingId)?.registers.get('b-1')?.has(seatId)) unseenAtNotice.push(seatId);
    });
    const unseenAtAnswer: string[] = [];
    const answers = await Promise.all(
      seatIds(SEATS).map((seatId, i) =>
        service.cast(meetingId, seatId, { ballotId: 'b-1', idempotencyKey: `key-${seatId}`, choice: { option: OPTIONS[i % 3] } }).then((answer) => {
          if (!service.cachedState(meetingId)?.registers.get('b-1')?.has(seatId)) unseenAtAnswer.push(seatId);
          return answer;
        }),
      ),
    );
    off();
    expect(answers.filter((answer) => !answer.ok || answer.duplicate)).toEqual([]);
    expect(unseenAtNotice).toEqual([]);
    expect(unseenAtAnswer).toEqual([]);
    const state = service.cachedState(meetingId)!;
    expect(turnout(state, 'b-1')).toBe(SEATS);
    expect(boxOf(state, 'b-1')).toEqual({ yes: 14, no: 13, abstain: 13 });
    // Each seat's entry is the receipt its answer carried.
    for (const [i, answer] of answers.entries()) {
      expect(answer.ok && state.registers.get('b-1')?.get(seatIdOf(i + 1))?.receiptId).toBe(answer.ok && answer.receipt.receiptId);
    }
  });

  it('a retry in the same turn as its first cast gets the first receipt, and the copy holds one entry', async () => {
    await service.execute(meetingId, [{ type: 'OpenBallot', spec: motionSpec('b-2'), quorumOverrideReason: null }], CHAIR);
    const seatId = seatIdOf(7);
    const input = { ballotId: 'b-2', idempotencyKey: 'key-retry', choice: { option: 'yes' } };
    const [first, retry] = await Promise.all([service.cast(meetingId, seatId, input), service.cast(meetingId, seatId, input)]);
    expect(first).toMatchObject({ ok: true, duplicate: false });
    expect(retry).toMatchObject({ ok: true, duplicate: true });
    expect(first.ok && retry.ok && retry.receipt.receiptId).toBe(first.ok && first.receipt.receiptId);
    expect(turnout(service.cachedState(meetingId)!, 'b-2')).toBe(1);
    // A close right after the answers folds every vote before it: the count holds them all.
    const closed = await service.execute(meetingId, [{ type: 'CloseBallot', ballotId: 'b-2', reason: 'presidium' }], CHAIR);
    expect(closed.ok).toBe(true);
    expect(turnout(service.cachedState(meetingId)!, 'b-2')).toBe(1);
  });

  it('a vote still waiting to be folded decides its seat’s later presses: a retry with a paper that fits no ballot gets the first receipt, another key ALREADY_VOTED', async () => {
    await service.execute(meetingId, [{ type: 'OpenBallot', spec: motionSpec('b-3'), quorumOverrideReason: null }], CHAIR);
    const seatId = seatIdOf(9);
    const first = await service.cast(meetingId, seatId, { ballotId: 'b-3', idempotencyKey: 'key-first', choice: { option: 'no' } });
    expect(first).toMatchObject({ ok: true, duplicate: false });
    // What the gateway asks of every event (device-check.ts) reads the seats without folding the
    // votes: the vote still waits to be folded (pending-votes.ts).
    expect(service.seatMapGeneration(meetingId)).toBeTypeOf('number');
    expect(service.isCurrentDeviceCached(meetingId, seatId, 'no-such-device')).toBe(false);
    expect(service.cachedSeatsAndBallots(meetingId)?.registers.get('b-3')?.has(seatId)).toBe(false);
    // The copy refuses this paper (a slate's marks on a motion), but the seat's vote decides first.
    const retried = await service.cast(meetingId, seatId, { ballotId: 'b-3', idempotencyKey: 'key-first', choice: { marks: { p1: 'yes' } } });
    expect(retried).toEqual(first.ok && { ...first, duplicate: true });
    const another = await service.cast(meetingId, seatId, { ballotId: 'b-3', idempotencyKey: 'key-second', choice: { marks: { p1: 'yes' } } });
    expect(another).toMatchObject({ ok: false, code: 'ALREADY_VOTED' });
    expect(turnout(service.cachedState(meetingId)!, 'b-3')).toBe(1);
  });
});
