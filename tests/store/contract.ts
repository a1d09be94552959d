// The MeetingStore contract: one suite, run against every store (file journal, Redis). It talks
// to the interface only, so whatever passes it can stand behind the meeting service.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MeetingEvent } from '../../shared/domain/meeting';
import { readRegister, readTurnout } from '../../server/store/register-reads';
import { castThrough } from '../../server/store/cast-waiter';
import type { CastRequest, StoredCast, MeetingArchive, MeetingStore } from '../../server/store/types';
import {
  appendTo,
  attendanceRecorded,
  ballotClosed,
  ballotOpened,
  ballotVoided,
  castRequest,
  CHAIR,
  boxOfChoices,
  choiceOf,
  createMeeting,
  itemStarted,
  meetingCreated,
  meetingSpec,
  openBallot,
  papers,
  seatIdOf,
  sessionOpened,
  uniqueId,
  type MeetingHandle,
} from './fixtures';

export interface StoreHarness {
  store: MeetingStore;
  /** Closes the current store and opens a new one on the same data. */
  reopen: () => Promise<MeetingStore>;
  cleanup: () => Promise<void>;
}

/** Shuts a ballot's gate and reads the votes: only then may its box leave the store. */
async function closeAndRead(store: MeetingStore, meeting: MeetingHandle, ballotId: string) {
  await appendTo(store, meeting, ballotClosed(ballotId));
  return store.readVotes(meeting.meetingId);
}

function recorded(outcome: StoredCast) {
  if (outcome.status !== 'recorded') throw new Error(`expected recorded, got ${JSON.stringify(outcome)}`);
  return outcome;
}

export function describeStoreContract(name: string, setup: () => Promise<StoreHarness>): void {
  describe(`MeetingStore contract: ${name}`, () => {
    let harness: StoreHarness;
    let store: MeetingStore;

    beforeEach(async () => {
      harness = await setup();
      store = harness.store;
    });
    afterEach(async () => {
      await harness.cleanup();
    });

    const reopen = async (): Promise<MeetingStore> => {
      store = await harness.reopen();
      return store;
    };

    describe('command log', () => {
      it('creates a meeting at version 0, lists it and reads its first event back', async () => {
        const meetingId = uniqueId('m');
        const created = meetingCreated(meetingSpec(meetingId, 3));
        expect(await store.append(meetingId, 0, [created])).toEqual({ ok: true, version: 1 });
        expect(await store.listMeetings()).toContain(meetingId);
        expect(await store.readEvents(meetingId, 0)).toEqual([created]);
      });

      it('refuses to create a meeting that already exists, and keeps the first', async () => {
        const meetingId = uniqueId('m');
        const first = meetingCreated(meetingSpec(meetingId, 3));
        await store.append(meetingId, 0, [first]);
        const second = meetingCreated(meetingSpec(meetingId, 5));
        expect(await store.append(meetingId, 0, [second])).toEqual({ ok: false, reason: 'conflict', version: 1 });
        expect(await store.readEvents(meetingId, 0)).toEqual([first]);
      });

      it('appends only at the expected version; a stale or future version conflicts and changes nothing', async () => {
        const meetingId = uniqueId('m');
        await store.append(meetingId, 0, [meetingCreated(meetingSpec(meetingId, 3))]);
        const next = [attendanceRecorded(seatIdOf(1)), attendanceRecorded(seatIdOf(2))];
        expect(await store.append(meetingId, 1, next)).toEqual({ ok: true, version: 3 });
        expect(await store.append(meetingId, 1, [attendanceRecorded(seatIdOf(3))])).toEqual({
          ok: false,
          reason: 'conflict',
          version: 3,
        });
        expect(await store.append(meetingId, 7, [attendanceRecorded(seatIdOf(3))])).toEqual({
          ok: false,
          reason: 'conflict',
          version: 3,
        });
        expect(await store.readEvents(meetingId, 0)).toHaveLength(3);
      });

      it('lets exactly one of two concurrent appends at the same version win', async () => {
        const meetingId = uniqueId('m');
        await store.append(meetingId, 0, [meetingCreated(meetingSpec(meetingId, 3))]);
        const results = await Promise.all([
          store.append(meetingId, 1, [attendanceRecorded(seatIdOf(1))]),
          store.append(meetingId, 1, [attendanceRecorded(seatIdOf(2))]),
        ]);
        expect(results.filter((r) => r.ok)).toEqual([{ ok: true, version: 2 }]);
        expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'conflict', version: 2 }]);
        expect(await store.readEvents(meetingId, 0)).toHaveLength(2);
      });

      it('reads the events after a version, in order', async () => {
        const meetingId = uniqueId('m');
        const spec = meetingSpec(meetingId, 3);
        const events: MeetingEvent[] = [meetingCreated(spec), attendanceRecorded(seatIdOf(1)), sessionOpened(3), itemStarted()];
        await store.append(meetingId, 0, events.slice(0, 1));
        await store.append(meetingId, 1, events.slice(1, 2));
        await store.append(meetingId, 2, events.slice(2));
        expect(await store.readEvents(meetingId, 0)).toEqual(events);
        expect(await store.readEvents(meetingId, 2)).toEqual(events.slice(2));
        expect(await store.readEvents(meetingId, 4)).toEqual([]);
        // Byte for byte as JSON, key order included: a cluster node's resync fingerprints the
        // events it appended against the store's (server/service/replica-resync.ts catchUpOrReload).
        const opened = ballotOpened('b-json', { deadline: 1_000_000 });
        await store.append(meetingId, 4, [opened]);
        const json = (list: readonly MeetingEvent[]) => list.map((event) => JSON.stringify(event));
        expect(json(await store.readEvents(meetingId, 0))).toEqual(json([...events, opened]));
      });

      it('knows nothing of an unknown meeting: no events, no votes, casts refused, appends conflict', async () => {
        const meetingId = uniqueId('nobody');
        expect(await store.readEvents(meetingId, 0)).toEqual([]);
        expect(await store.readVotes(meetingId)).toEqual({ register: [], boxes: {} });
        const outcome = await store.cast(meetingId, castRequest('b-1', 1, 'yes'));
        expect(outcome).toMatchObject({ status: 'rejected', code: 'UNKNOWN_MEETING' });
        expect(await store.append(meetingId, 3, [attendanceRecorded(seatIdOf(1))])).toEqual({
          ok: false,
          reason: 'conflict',
          version: 0,
        });
        expect(await store.listMeetings()).not.toContain(meetingId);
      });
    });

    describe('casting', () => {
      let meeting: MeetingHandle;
      beforeEach(async () => {
        meeting = await createMeeting(store, 250);
      });

      it('records a cast with the server time and returns the turnout', async () => {
        const ballotId = await openBallot(store, meeting);
        const request = castRequest(ballotId, 1, 'yes');
        const before = Date.now();
        const outcome = recorded(await store.cast(meeting.meetingId, request));
        const after = Date.now();
        expect(outcome.voted).toBe(1);
        expect(outcome.entry).toMatchObject({
          ballotId,
          seatId: request.seatId,
          idempotencyKey: request.idempotencyKey,
          receiptId: request.receiptId,
        });
        expect(outcome.entry.at).toBeGreaterThanOrEqual(before);
        expect(outcome.entry.at).toBeLessThanOrEqual(after);
        const votes = await store.readVotes(meeting.meetingId);
        expect(votes.register).toEqual([outcome.entry]);
        expect(votes.boxes[ballotId]).toBeUndefined();
        expect((await closeAndRead(store, meeting, ballotId)).boxes[ballotId]).toEqual({ yes: 1 });
      });

      it('answers through a waiter (castThrough, the vote path) as cast answers, and never from inside the call', async () => {
        const ballotId = await openBallot(store, meeting);
        const heard: string[] = [];
        const through = (request: CastRequest, meetingId = meeting.meetingId) =>
          new Promise<StoredCast>((resolve, reject) => {
            let returned = false;
            castThrough(store, meetingId, request, {
              answered: (outcome) => {
                heard.push(returned ? outcome.status : `${outcome.status} inside the call`);
                resolve(outcome);
              },
              failed: (error) => {
                heard.push(returned ? 'failed' : 'failed inside the call');
                reject(error as Error);
              },
            });
            returned = true;
          });
        const first = recorded(await through(castRequest(ballotId, 1, 'yes')));
        expect(first.voted).toBe(1);
        expect(await through({ ...castRequest(ballotId, 1, 'no'), receiptId: 'rcpt-other' })).toEqual({ status: 'duplicate', entry: first.entry, voted: 1 });
        expect(await through(castRequest(ballotId, 1, 'no', 2))).toMatchObject({ status: 'rejected', code: 'ALREADY_VOTED' });
        expect(await through(castRequest(ballotId, 2, 'no'), uniqueId('nobody'))).toMatchObject({ status: 'rejected', code: 'UNKNOWN_MEETING' });
        await expect(through({ ...castRequest(ballotId, 3, 'no'), seatId: '' })).rejects.toThrow();
        expect(heard).toEqual(['recorded', 'duplicate', 'rejected', 'rejected', 'failed']);
        expect((await closeAndRead(store, meeting, ballotId)).boxes[ballotId]).toEqual({ yes: 1 });
      });

      it('answers a retry with the same key with the first register entry, counted once', async () => {
        const ballotId = await openBallot(store, meeting);
        const first = recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'yes')));
        // The retry may even carry a new receipt and another choice: the first answer stands.
        const retry = { ...castRequest(ballotId, 1, 'no'), receiptId: 'rcpt-other' };
        const again = await store.cast(meeting.meetingId, retry);
        expect(again).toEqual({ status: 'duplicate', entry: first.entry, voted: 1 });
        const votes = await closeAndRead(store, meeting, ballotId);
        expect(votes.register).toHaveLength(1);
        expect(votes.boxes[ballotId]).toEqual({ yes: 1 });
      });

      it('reads the turnout and one register (readTurnout, readRegister) as readVotes has them, in recording order, never a box', async () => {
        const ballotId = await openBallot(store, meeting);
        const other = await openBallot(store, meeting, { secrecy: 'named' });
        const first = recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 3, 'yes')));
        const second = recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'no')));
        await store.cast(meeting.meetingId, castRequest(other, 2, 'abstain'));
        await store.cast(meeting.meetingId, castRequest(ballotId, 3, 'no')); // a retry: counted once
        expect(await readTurnout(store, meeting.meetingId, [ballotId, other, uniqueId('b')])).toEqual([2, 1, 0]);
        expect(await readRegister(store, meeting.meetingId, ballotId)).toEqual([first.entry, second.entry]);
        const votes = await store.readVotes(meeting.meetingId);
        expect(await readRegister(store, meeting.meetingId, other)).toEqual(votes.register.filter((p) => p.ballotId === other));
        expect(await readTurnout(store, meeting.meetingId, [])).toEqual([]);
      });

      it('reads the votes of the ballots asked for only: their registers and shut boxes, nothing for an unknown id', async () => {
        const shut = await openBallot(store, meeting);
        const open = await openBallot(store, meeting, { secrecy: 'named' });
        const other = await openBallot(store, meeting);
        const counted = recorded(await store.cast(meeting.meetingId, castRequest(shut, 1, 'yes')));
        const pending = recorded(await store.cast(meeting.meetingId, castRequest(open, 2, 'no')));
        await store.cast(meeting.meetingId, castRequest(other, 3, 'abstain'));
        await appendTo(store, meeting, ballotClosed(shut));
        await appendTo(store, meeting, ballotClosed(other));
        const asked = await store.readVotes(meeting.meetingId, [shut, open, 'constructor', uniqueId('b')]);
        expect(asked).toEqual({ register: [counted.entry, pending.entry], boxes: { [shut]: { yes: 1 } } });
        const whole = await store.readVotes(meeting.meetingId);
        expect(whole.register.filter((p) => p.ballotId !== other)).toEqual(asked.register);
        expect(await store.readVotes(meeting.meetingId, [])).toEqual({ register: [], boxes: {} });
      });

      it('refuses a second, different vote by the same seat with ALREADY_VOTED', async () => {
        const ballotId = await openBallot(store, meeting);
        await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'yes'));
        const second = await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'no', 2));
        expect(second).toMatchObject({ status: 'rejected', code: 'ALREADY_VOTED' });
        const votes = await closeAndRead(store, meeting, ballotId);
        expect(votes.register).toHaveLength(1);
        expect(votes.boxes[ballotId]).toEqual({ yes: 1 });
      });

      it('refuses casts on a ballot that was never opened', async () => {
        const outcome = await store.cast(meeting.meetingId, castRequest(uniqueId('b'), 1, 'yes'));
        expect(outcome).toMatchObject({ status: 'rejected', code: 'BALLOT_NOT_OPEN' });
        expect((await store.readVotes(meeting.meetingId)).register).toEqual([]);
      });

      it.each([
        ['closed', ballotClosed],
        ['voided', ballotVoided],
      ])('refuses casts once the ballot is %s, but still answers a retry of a counted vote', async (_, shut) => {
        const ballotId = await openBallot(store, meeting);
        const counted = recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'yes')));
        await appendTo(store, meeting, shut(ballotId));
        const late = await store.cast(meeting.meetingId, castRequest(ballotId, 2, 'no'));
        expect(late).toMatchObject({ status: 'rejected', code: 'BALLOT_NOT_OPEN' });
        const retry = await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'yes'));
        expect(retry).toEqual({ status: 'duplicate', entry: counted.entry, voted: 1 });
        const votes = await store.readVotes(meeting.meetingId);
        expect(votes.register).toHaveLength(1);
        expect(votes.boxes[ballotId]).toEqual({ yes: 1 });
      });

      it('refuses casts after the deadline and accepts them before it', async () => {
        const past = await openBallot(store, meeting, { deadline: Date.now() - 1 });
        const outcome = await store.cast(meeting.meetingId, castRequest(past, 1, 'yes'));
        expect(outcome).toMatchObject({ status: 'rejected', code: 'BALLOT_NOT_OPEN' });
        await appendTo(store, meeting, ballotClosed(past));
        const future = await openBallot(store, meeting, { deadline: Date.now() + 10 * 60_000 });
        recorded(await store.cast(meeting.meetingId, castRequest(future, 1, 'yes')));
        const votes = await closeAndRead(store, meeting, future);
        expect(papers(votes.boxes[past])).toBe(0);
        expect(votes.boxes[future]).toEqual({ yes: 1 });
      });

      it('follows a countdown extended, paused and resumed (countdown.ts): the deadline in the events rules casts', async () => {
        // A secret ballot: its sealing must survive a deadline change of its open gate.
        const ballotId = await openBallot(store, meeting, { secrecy: 'anonymous', deadline: Date.now() - 1 });
        expect(await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'yes'))).toMatchObject({ status: 'rejected', code: 'BALLOT_NOT_OPEN' });
        const extended: MeetingEvent = { type: 'CountdownExtended', at: Date.now(), by: CHAIR, ballotId, deadline: Date.now() + 10 * 60_000, remainingMs: null };
        await appendTo(store, meeting, extended);
        // The new deadline is part of the log: a restart keeps it.
        await reopen();
        recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'yes')));
        // Paused: no deadline at all until resumed, however late it is.
        await appendTo(store, meeting, { type: 'CountdownPaused', at: Date.now(), by: CHAIR, ballotId, remainingMs: 60_000 });
        recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 2, 'no')));
        await appendTo(store, meeting, { type: 'CountdownResumed', at: Date.now(), by: CHAIR, ballotId, deadline: Date.now() - 1 });
        expect(await store.cast(meeting.meetingId, castRequest(ballotId, 3, 'no'))).toMatchObject({ status: 'rejected', code: 'BALLOT_NOT_OPEN' });
        const votes = await closeAndRead(store, meeting, ballotId);
        expect(votes.boxes[ballotId]).toEqual({ yes: 1, no: 1 });
      });

      it('keeps the choice beside the seat only for a named ballot', async () => {
        const secret = await openBallot(store, meeting, { secrecy: 'anonymous' });
        const secretCast = recorded(await store.cast(meeting.meetingId, castRequest(secret, 1, 'no')));
        await appendTo(store, meeting, ballotClosed(secret));
        const named = await openBallot(store, meeting, { secrecy: 'named' });
        const namedCast = recorded(await store.cast(meeting.meetingId, castRequest(named, 1, 'no')));
        expect(secretCast.entry.choiceKey).toBeNull();
        expect(namedCast.entry.choiceKey).toBe('no');
        const votes = await closeAndRead(store, meeting, named);
        expect(votes.register.map((p) => p.choiceKey)).toEqual([null, 'no']);
        expect(votes.boxes[secret]).toEqual({ no: 1 });
        expect(votes.boxes[named]).toEqual({ no: 1 });
      });

      it('counts every paper in the box and keeps the register in the order recorded', async () => {
        const ballotId = await openBallot(store, meeting);
        const choices = ['yes', 'yes', 'no', 'yes', 'abstain', 'no', 'yes'] as const;
        for (const [i, choice] of choices.entries()) {
          recorded(await store.cast(meeting.meetingId, castRequest(ballotId, i + 1, choice)));
        }
        const votes = await closeAndRead(store, meeting, ballotId);
        expect(votes.boxes[ballotId]).toEqual({ yes: 4, no: 2, abstain: 1 });
        expect(votes.register.map((p) => p.seatId)).toEqual(choices.map((_, i) => seatIdOf(i + 1)));
      });

      it('records 200 concurrent casts from distinct seats exactly once each', async () => {
        const ballotId = await openBallot(store, meeting);
        const seats = Array.from({ length: 200 }, (_, i) => i + 1);
        const outcomes = await Promise.all(seats.map((n) => store.cast(meeting.meetingId, castRequest(ballotId, n, choiceOf(n)))));
        const accepted = outcomes.map(recorded);
        expect(new Set(accepted.map((o) => o.entry.receiptId)).size).toBe(200);
        // Each cast saw the turnout right after itself: every count from 1 to 200 exactly once.
        expect(accepted.map((o) => o.voted).sort((a, b) => a - b)).toEqual(seats);
        const votes = await closeAndRead(store, meeting, ballotId);
        expect(new Set(votes.register.map((p) => p.seatId)).size).toBe(200);
        expect(votes.register).toHaveLength(200);
        const expected = boxOfChoices(seats);
        expect(votes.boxes[ballotId]).toEqual(expected);
        expect(papers(votes.boxes[ballotId])).toBe(200);
      });

      it('counts one cast once when its retries arrive concurrently', async () => {
        const ballotId = await openBallot(store, meeting);
        const outcomes = await Promise.all(
          Array.from({ length: 10 }, () => store.cast(meeting.meetingId, castRequest(ballotId, 7, 'yes'))),
        );
        expect(outcomes.filter((o) => o.status === 'recorded')).toHaveLength(1);
        expect(outcomes.filter((o) => o.status === 'duplicate')).toHaveLength(9);
        const receipts = new Set(outcomes.map((o) => (o.status === 'rejected' ? null : o.entry.receiptId)));
        expect(receipts).toEqual(new Set([castRequest(ballotId, 7, 'yes').receiptId]));
        expect((await closeAndRead(store, meeting, ballotId)).boxes[ballotId]).toEqual({ yes: 1 });
      });

      it('counts exactly one of several different votes a seat sends at once', async () => {
        const ballotId = await openBallot(store, meeting);
        const outcomes = await Promise.all(
          [1, 2, 3, 4, 5].map((attempt) => store.cast(meeting.meetingId, castRequest(ballotId, 9, choiceOf(attempt), attempt))),
        );
        expect(outcomes.filter((o) => o.status === 'recorded')).toHaveLength(1);
        expect(outcomes.filter((o) => o.status === 'rejected' && o.code === 'ALREADY_VOTED')).toHaveLength(4);
        const votes = await closeAndRead(store, meeting, ballotId);
        expect(votes.register).toHaveLength(1);
        expect(papers(votes.boxes[ballotId])).toBe(1);
      });
    });

    describe('secret boxes (invariant 4): nothing about an open box leaves the store', () => {
      let meeting: MeetingHandle;
      beforeEach(async () => {
        meeting = await createMeeting(store, 40);
      });

      it('returns no box while the gate is open, secret or named, across a reopen; each box once the gate shuts', async () => {
        const secret = await openBallot(store, meeting, { secrecy: 'anonymous' });
        const named = await openBallot(store, meeting, { secrecy: 'named' });
        for (const n of [1, 2, 3, 4]) {
          recorded(await store.cast(meeting.meetingId, castRequest(secret, n, choiceOf(n))));
          recorded(await store.cast(meeting.meetingId, castRequest(named, n, choiceOf(n))));
          const votes = await store.readVotes(meeting.meetingId);
          expect(Object.keys(votes.boxes)).toEqual([]);
          expect(votes.register.filter((p) => p.ballotId === secret).every((p) => p.choiceKey === null)).toBe(true);
        }
        await reopen();
        expect(Object.keys((await store.readVotes(meeting.meetingId)).boxes)).toEqual([]);
        const afterSecret = await closeAndRead(store, meeting, secret);
        expect(Object.keys(afterSecret.boxes)).toEqual([secret]);
        expect(afterSecret.boxes[secret]).toEqual({ yes: 1, no: 2, abstain: 1 });
        expect((await closeAndRead(store, meeting, named)).boxes[named]).toEqual({ yes: 1, no: 2, abstain: 1 });
      });

      it('keeps a shut box as counts only, keys in code-unit order whatever order the papers came in', async () => {
        const ballotId = await openBallot(store, meeting, { secrecy: 'anonymous' });
        const order = ['yes', 'no', 'yes', 'abstain', 'no', 'yes'] as const;
        await Promise.all(order.map((choice, i) => store.cast(meeting.meetingId, castRequest(ballotId, i + 1, choice))));
        const box = (await closeAndRead(store, meeting, ballotId)).boxes[ballotId] ?? {};
        expect(JSON.stringify(box)).toBe('{"abstain":1,"no":2,"yes":3}');
        await reopen();
        expect(JSON.stringify((await store.readVotes(meeting.meetingId)).boxes[ballotId])).toBe('{"abstain":1,"no":2,"yes":3}');
      });

      it('opens the papers of a secret ballot left open across a reopen, and counts each once', async () => {
        const ballotId = await openBallot(store, meeting, { secrecy: 'anonymous' });
        await Promise.all([1, 2, 3, 4, 5].map((n) => store.cast(meeting.meetingId, castRequest(ballotId, n, choiceOf(n)))));
        await reopen();
        expect(await store.cast(meeting.meetingId, castRequest(ballotId, 2, choiceOf(2)))).toMatchObject({ status: 'duplicate', voted: 5 });
        expect(await store.cast(meeting.meetingId, castRequest(ballotId, 3, 'yes', 2))).toMatchObject({ code: 'ALREADY_VOTED' });
        expect(recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 6, 'yes'))).voted).toBe(6);
        await reopen();
        expect(recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 7, 'abstain'))).voted).toBe(7);
        // choiceOf: 1 no, 2 abstain, 3 yes, 4 no, 5 abstain; then 6 yes, 7 abstain.
        expect((await closeAndRead(store, meeting, ballotId)).boxes[ballotId]).toEqual({ abstain: 3, no: 2, yes: 2 });
      });

      it('refuses a paper larger than the ballot lets any valid paper be, and records nothing for it', async () => {
        const ballotId = await openBallot(store, meeting, { secrecy: 'anonymous' });
        const oversized = { ...castRequest(ballotId, 1, 'yes'), choiceKey: `{"marks":${'x'.repeat(300)}}` };
        const outcome = await store.cast(meeting.meetingId, oversized).then(
          (o) => o.status,
          () => 'thrown',
        );
        expect(['thrown', 'rejected']).toContain(outcome);
        expect((await store.readVotes(meeting.meetingId)).register).toEqual([]);
        recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'no', 2)));
        expect((await closeAndRead(store, meeting, ballotId)).boxes[ballotId]).toEqual({ no: 1 });
      });
    });

    describe('pressRule last_counts (named ballots): a later paper replaces the seat\'s earlier one until close', () => {
      let meeting: MeetingHandle;
      let ballotId: string;
      beforeEach(async () => {
        meeting = await createMeeting(store, 30);
        ballotId = uniqueId('b');
        const opened = ballotOpened(ballotId, { secrecy: 'named' });
        if (opened.type !== 'BallotOpened' || opened.spec.kind !== 'motion') throw new Error('fixture opens a motion');
        await appendTo(store, meeting, { ...opened, spec: { ...opened.spec, pressRule: 'last_counts' } });
      });

      it('moves the paper in the box, keeps one register entry with the new choice, and leaves turnout alone', async () => {
        recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'yes')));
        recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 2, 'yes')));
        const second = recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'no', 2)));
        expect(second).toMatchObject({ replaced: true, voted: 2, entry: { choiceKey: 'no', idempotencyKey: castRequest(ballotId, 1, 'no', 2).idempotencyKey } });
        const third = recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'abstain', 3)));
        expect(third.voted).toBe(2);
        const votes = await closeAndRead(store, meeting, ballotId);
        expect(votes.boxes[ballotId]).toEqual({ yes: 1, abstain: 1 });
        expect(votes.register.filter((p) => p.ballotId === ballotId).map((p) => [p.seatId, p.choiceKey])).toEqual(
          expect.arrayContaining([
            [seatIdOf(1), 'abstain'],
            [seatIdOf(2), 'yes'],
          ]),
        );
        expect(votes.register.filter((p) => p.ballotId === ballotId)).toHaveLength(2);
      });

      it('answers a late retry of a replaced paper as a duplicate of the current one, never as a new vote', async () => {
        recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'yes')));
        const current = recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'no', 2)));
        expect(await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'yes'))).toEqual({
          status: 'duplicate',
          entry: current.entry,
          voted: 1,
        });
        expect((await closeAndRead(store, meeting, ballotId)).boxes[ballotId]).toEqual({ no: 1 });
      });

      it('refuses a replacement once the gate has shut, and the last paper before it stands', async () => {
        recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'yes')));
        recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'no', 2)));
        await appendTo(store, meeting, ballotClosed(ballotId));
        expect(await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'yes', 3))).toMatchObject({ status: 'rejected', code: 'BALLOT_NOT_OPEN' });
        expect((await store.readVotes(meeting.meetingId)).boxes[ballotId]).toEqual({ no: 1 });
      });

      it('keeps exactly one paper per seat when its different papers arrive at once', async () => {
        const options = ['yes', 'no', 'abstain'] as const;
        const outcomes = await Promise.all(options.map((o, i) => store.cast(meeting.meetingId, castRequest(ballotId, 1, o, i + 1))));
        for (const outcome of outcomes) expect(outcome.status).toBe('recorded');
        const votes = await closeAndRead(store, meeting, ballotId);
        const box = votes.boxes[ballotId] ?? {};
        expect(Object.values(box).reduce((a, b) => a + b, 0)).toBe(1);
        const entry = votes.register.find((p) => p.ballotId === ballotId);
        expect(box[entry!.choiceKey!]).toBe(1);
      });

      it('survives a reopen: the replaced register and box, the spent keys and the right to replace again', async () => {
        recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'yes')));
        const current = recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'no', 2)));
        recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 2, 'yes')));
        const before = await store.readVotes(meeting.meetingId);
        await reopen();
        expect(await store.readVotes(meeting.meetingId)).toEqual(before);
        expect(await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'yes'))).toMatchObject({
          status: 'duplicate',
          entry: current.entry,
        });
        expect(recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 2, 'abstain', 2))).replaced).toBe(true);
        expect((await closeAndRead(store, meeting, ballotId)).boxes[ballotId]).toEqual({ no: 1, abstain: 1 });
      });
    });

    describe('reopening', () => {
      it('restores events, version, gates, register and boxes exactly', async () => {
        const meeting = await createMeeting(store, 30);
        const closed = await openBallot(store, meeting, { secrecy: 'anonymous' });
        await Promise.all([1, 2, 3, 4, 5].map((n) => store.cast(meeting.meetingId, castRequest(closed, n, choiceOf(n)))));
        await appendTo(store, meeting, ballotClosed(closed));
        const open = await openBallot(store, meeting, { secrecy: 'named' });
        const firstOpen = recorded(await store.cast(meeting.meetingId, castRequest(open, 1, 'abstain')));
        await store.cast(meeting.meetingId, castRequest(open, 2, 'yes'));
        const eventsBefore = await store.readEvents(meeting.meetingId, 0);
        const votesBefore = await store.readVotes(meeting.meetingId);

        await reopen();

        expect(await store.listMeetings()).toContain(meeting.meetingId);
        expect(await store.readEvents(meeting.meetingId, 0)).toEqual(eventsBefore);
        expect(await store.readVotes(meeting.meetingId)).toEqual(votesBefore);
        // Version: the old version is stale, the current one appends.
        expect(await store.append(meeting.meetingId, meeting.version - 1, [attendanceRecorded(seatIdOf(3))])).toEqual({
          ok: false,
          reason: 'conflict',
          version: meeting.version,
        });
        // Register: a retry is still a duplicate, a second vote still refused.
        expect(await store.cast(meeting.meetingId, castRequest(open, 1, 'abstain'))).toEqual({
          status: 'duplicate',
          entry: firstOpen.entry,
          voted: 2,
        });
        expect(await store.cast(meeting.meetingId, castRequest(open, 2, 'no', 2))).toMatchObject({
          status: 'rejected',
          code: 'ALREADY_VOTED',
        });
        // Gates: the closed ballot stays shut, the open one takes new votes on top of its box.
        expect(await store.cast(meeting.meetingId, castRequest(closed, 6, 'yes'))).toMatchObject({
          status: 'rejected',
          code: 'BALLOT_NOT_OPEN',
        });
        expect(recorded(await store.cast(meeting.meetingId, castRequest(open, 3, 'yes'))).voted).toBe(3);
        expect((await closeAndRead(store, meeting, open)).boxes[open]).toEqual({ abstain: 1, yes: 2 });
        await appendTo(store, meeting, attendanceRecorded(seatIdOf(3)));
      });
    });

    describe('import', () => {
      async function exportMeeting(meetingId: string, asId: string): Promise<MeetingArchive> {
        const events = structuredClone(await store.readEvents(meetingId, 0));
        const first = events[0];
        if (first?.type === 'MeetingCreated') first.spec.meetingId = asId;
        const { register, boxes } = await store.readVotes(meetingId);
        return { meetingId: asId, events, votes: { participations: register, boxes } };
      }

      /** A meeting with a closed secret ballot and a closed named one: only such an archive imports. */
      async function meetingWithVotes(): Promise<{ meeting: MeetingHandle; closed: string; named: string }> {
        const meeting = await createMeeting(store, 40);
        const closed = await openBallot(store, meeting, { secrecy: 'anonymous' });
        await Promise.all([1, 2, 3, 4, 5, 6].map((n) => store.cast(meeting.meetingId, castRequest(closed, n, choiceOf(n)))));
        await appendTo(store, meeting, ballotClosed(closed));
        const named = await openBallot(store, meeting, { secrecy: 'named' });
        await Promise.all([1, 2, 3].map((n) => store.cast(meeting.meetingId, castRequest(named, n, choiceOf(n)))));
        await appendTo(store, meeting, ballotClosed(named));
        return { meeting, closed, named };
      }

      it('round-trips a meeting: the imported one has the same log, register, boxes and gates', async () => {
        const { meeting, closed, named } = await meetingWithVotes();
        const copyId = uniqueId('copy');
        const archive = await exportMeeting(meeting.meetingId, copyId);

        expect(await store.importMeeting(archive)).toEqual({ ok: true });

        expect(await store.listMeetings()).toContain(copyId);
        expect(await store.readEvents(copyId, 0)).toEqual(archive.events);
        expect(await store.readVotes(copyId)).toEqual(await store.readVotes(meeting.meetingId));
        await reopen();
        expect(await store.readEvents(copyId, 0)).toEqual(archive.events);
        expect(await store.readVotes(copyId)).toEqual({ register: archive.votes.participations, boxes: archive.votes.boxes });
        expect(await store.cast(copyId, castRequest(named, 1, choiceOf(1)))).toMatchObject({ status: 'duplicate', voted: 3 });
        expect(await store.cast(copyId, castRequest(closed, 7, 'yes'))).toMatchObject({ code: 'BALLOT_NOT_OPEN' });
        expect(await store.cast(copyId, castRequest(named, 4, 'yes'))).toMatchObject({ code: 'BALLOT_NOT_OPEN' });
        expect(await store.append(copyId, archive.events.length, [attendanceRecorded(seatIdOf(1))])).toEqual({
          ok: true,
          version: archive.events.length + 1,
        });
        // The copy carries on: a new secret ballot on it is sealed and counted like any other.
        const copy: MeetingHandle = { meetingId: copyId, spec: meeting.spec, version: archive.events.length + 1 };
        const next = await openBallot(store, copy, { secrecy: 'anonymous' });
        recorded(await store.cast(copyId, castRequest(next, 4, 'yes')));
        expect((await closeAndRead(store, copy, next)).boxes[next]).toEqual({ yes: 1 });
      });

      it('refuses to import over an existing meeting and leaves it as it was', async () => {
        const { meeting } = await meetingWithVotes();
        const copyId = uniqueId('copy');
        const archive = await exportMeeting(meeting.meetingId, copyId);
        await store.importMeeting(archive);
        expect(await store.importMeeting(archive)).toEqual({ ok: false, reason: 'exists' });
        const over = await exportMeeting(copyId, meeting.meetingId);
        over.events.push(attendanceRecorded(seatIdOf(9)));
        const eventsBefore = await store.readEvents(meeting.meetingId, 0);
        expect(await store.importMeeting(over)).toEqual({ ok: false, reason: 'exists' });
        expect(await store.readEvents(meeting.meetingId, 0)).toEqual(eventsBefore);
      });

      it('refuses an archive whose boxes disagree with its register, and writes nothing', async () => {
        const { meeting, closed } = await meetingWithVotes();
        const copyId = uniqueId('copy');
        const archive = await exportMeeting(meeting.meetingId, copyId);
        archive.votes.boxes[closed] = { ...archive.votes.boxes[closed], yes: (archive.votes.boxes[closed]?.yes ?? 0) + 1 };
        await expect(store.importMeeting(archive)).rejects.toThrow();
        expect(await store.listMeetings()).not.toContain(copyId);
        expect(await store.readEvents(copyId, 0)).toEqual([]);
      });

      it('refuses an archive with a last_counts ballot still open, since replaced papers could come back', async () => {
        const meeting = await createMeeting(store, 10);
        const ballotId = uniqueId('b');
        const opened = ballotOpened(ballotId, { secrecy: 'named' });
        if (opened.type !== 'BallotOpened' || opened.spec.kind !== 'motion') throw new Error('fixture opens a motion');
        await appendTo(store, meeting, { ...opened, spec: { ...opened.spec, pressRule: 'last_counts' } });
        recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'yes')));
        recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'no', 2)));
        const copyId = uniqueId('copy');

        await expect(store.importMeeting(await exportMeeting(meeting.meetingId, copyId))).rejects.toThrow(/close it before exporting/);
        expect(await store.listMeetings()).not.toContain(copyId);

        await appendTo(store, meeting, ballotClosed(ballotId));
        expect(await store.importMeeting(await exportMeeting(meeting.meetingId, copyId))).toEqual({ ok: true });
        expect((await store.readVotes(copyId)).boxes[ballotId]).toEqual({ no: 1 });
      });

      it.each(['anonymous', 'named'] as const)('refuses an archive with a %s ballot still open, and writes nothing', async (secrecy) => {
        const meeting = await createMeeting(store, 10);
        const ballotId = await openBallot(store, meeting, { secrecy });
        recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'yes')));
        const copyId = uniqueId('copy');
        const archive = { ...(await exportMeeting(meeting.meetingId, copyId)) };
        // Even a box handed in from elsewhere: an open ballot never travels.
        archive.votes = { ...archive.votes, boxes: { ...archive.votes.boxes, [ballotId]: { yes: 1 } } };
        await expect(store.importMeeting(archive)).rejects.toThrow(/close it before exporting/);
        expect(await store.listMeetings()).not.toContain(copyId);
        expect(await store.readEvents(copyId, 0)).toEqual([]);
      });

      it('refuses an archive that keeps a choice beside a seat on a secret ballot', async () => {
        const { meeting, closed } = await meetingWithVotes();
        const copyId = uniqueId('copy');
        const archive = await exportMeeting(meeting.meetingId, copyId);
        const secretVote = archive.votes.participations.find((p) => p.ballotId === closed);
        if (!secretVote) throw new Error('fixture has no secret vote');
        secretVote.choiceKey = 'yes';
        await expect(store.importMeeting(archive)).rejects.toThrow();
        expect(await store.listMeetings()).not.toContain(copyId);
      });
    });
  });
}
