import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore, closeTemporaryStores } from '../../tests/support/memory-store';
import { ballotClosed, castRequest, choiceOf, createMeeting, openBallot, appendTo } from '../../tests/store/fixtures';
import { MAX_CASTS_PER_NOTICE } from './cast-rows';
import { castRowsNotice, noticedCasts, parseNotice, type Notice } from './notices';
import { NotifyingStore } from './notifying-store';
import { RedisStore } from '../store/redis/redis-store';
import { FileStore } from '../store/file/file-store';
import type { MeetingStore } from '../store/types';
import type { CastWaiter } from '../store/cast-waiter';

/** The temporary stores a test made are closed after it (tests/support/memory-store.ts). */
afterEach(closeTemporaryStores);

function notifying(): { store: NotifyingStore; heard: Notice[] } {
  const heard: Notice[] = [];
  // Through JSON and the schema, as the other nodes read them.
  const store = new NotifyingStore(new MemoryStore(), (notice) => heard.push(parseNotice(JSON.stringify(notice)) as Notice), 'node-a');
  return { store, heard };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('NotifyingStore: the casts of a turn go out as one notice', () => {
  it('announces the casts made durable in one turn together, in the order recorded, with the turnout after each', async () => {
    const { store, heard } = notifying();
    const meeting = await createMeeting(store, 40);
    const ballotId = await openBallot(store, meeting);
    heard.length = 0;
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map((n) => store.cast(meeting.meetingId, castRequest(ballotId, n, choiceOf(n)))));
    expect(heard).toEqual([]); // a hint for the other nodes, sent at the turn's end
    await nextTurn();
    expect(heard).toHaveLength(1);
    const [notice] = heard as [Extract<Notice, { t: 'castRows' }>];
    expect(notice).toMatchObject({ t: 'castRows', from: 'node-a', meetingId: meeting.meetingId, ballots: [ballotId] });
    // Each cast as the store recorded it: its register entry, whole, and the turnout after it.
    expect(noticedCasts(notice)).toEqual(outcomes.map((o) => (o.status === 'recorded' ? { entry: o.entry, voted: o.voted } : null)));
    expect(noticedCasts(notice).map((c) => c.voted)).toEqual([1, 2, 3, 4, 5]);
    // Never a paper (invariant 4): a secret ballot's row ends with null.
    expect(notice.rows.every((row) => row[6] === null)).toBe(true);
    expect(JSON.stringify(heard)).not.toMatch(/"(yes|no|abstain)"|choiceKey/);
  });

  it("tells a named (记名) ballot's papers with its votes, and a secret ballot's never", async () => {
    const { store, heard } = notifying();
    const meeting = await createMeeting(store, 6);
    const named = await openBallot(store, meeting, { secrecy: 'named' });
    const secret = await openBallot(store, meeting, { secrecy: 'anonymous' });
    heard.length = 0;
    await Promise.all([1, 2, 3].map((n) => store.cast(meeting.meetingId, castRequest(named, n, choiceOf(n)))));
    await Promise.all([4, 5, 6].map((n) => store.cast(meeting.meetingId, castRequest(secret, n, choiceOf(n)))));
    await nextTurn();
    const casts = heard.flatMap((n) => (n.t === 'castRows' ? noticedCasts(n) : []));
    expect(casts.filter((c) => c.entry.ballotId === named).map((c) => c.entry.choiceKey)).toEqual([1, 2, 3].map((n) => choiceOf(n)));
    const secretCasts = casts.filter((c) => c.entry.ballotId === secret);
    expect(secretCasts).toHaveLength(3);
    expect(secretCasts.every((c) => c.entry.choiceKey === null)).toBe(true);
    // The secret ballot's notice, as sent, holds no paper anywhere.
    const secretNotice = heard.find((n) => n.t === 'castRows' && n.ballots.includes(secret));
    expect(JSON.stringify(secretNotice)).not.toMatch(/"(yes|no|abstain)"|choiceKey/);
  });

  it('announces a retry (duplicate) or a refusal not at all', async () => {
    const { store, heard } = notifying();
    const meeting = await createMeeting(store, 4);
    const ballotId = await openBallot(store, meeting);
    await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'yes'));
    await nextTurn();
    heard.length = 0;
    expect((await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'yes'))).status).toBe('duplicate');
    expect((await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'no', 2))).status).toBe('rejected');
    await nextTurn();
    expect(heard).toEqual([]);
  });

  it('sends a meeting’s pending casts before the notice that its log moved (a close never overtakes its votes)', async () => {
    const { store, heard } = notifying();
    const meeting = await createMeeting(store, 10);
    const ballotId = await openBallot(store, meeting);
    heard.length = 0;
    await Promise.all([1, 2, 3].map((n) => store.cast(meeting.meetingId, castRequest(ballotId, n, 'yes'))));
    await appendTo(store, meeting, ballotClosed(ballotId));
    expect(heard.map((n) => n.t)).toEqual(['castRows', 'moved']);
    await nextTurn();
    expect(heard).toHaveLength(2);
  });

  it(`splits a burst into notices of at most ${MAX_CASTS_PER_NOTICE} casts, each of which the schema accepts`, async () => {
    const { store, heard } = notifying();
    const seats = MAX_CASTS_PER_NOTICE + 44;
    const meeting = await createMeeting(store, seats);
    const ballotId = await openBallot(store, meeting);
    heard.length = 0;
    await Promise.all(Array.from({ length: seats }, (_, i) => store.cast(meeting.meetingId, castRequest(ballotId, i + 1, choiceOf(i)))));
    await nextTurn();
    const sizes = heard.map((n) => (n.t === 'castRows' ? n.rows.length : -1));
    expect(sizes.every((size) => size >= 1 && size <= MAX_CASTS_PER_NOTICE)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(seats);
    const seatsHeard = heard.flatMap((n) => (n.t === 'castRows' ? noticedCasts(n).map((c) => c.entry.seatId) : []));
    expect(new Set(seatsHeard).size).toBe(seats);
  });

  it('sends what is pending when it closes', async () => {
    const { store, heard } = notifying();
    const meeting = await createMeeting(store, 4);
    const ballotId = await openBallot(store, meeting);
    heard.length = 0;
    await store.cast(meeting.meetingId, castRequest(ballotId, 2, 'no'));
    await store.close();
    expect(heard.map((n) => n.t)).toEqual(['castRows']);
  });
});

describe('parseNotice: casts notices', () => {
  const entry = { participation: { ballotId: 'b1', seatId: 's01', idempotencyKey: 'key-1', receiptId: 'r-1', at: 1 }, voted: 1 };
  const row = [0, 's01', 'key-1', 'r-1', 1, 1, null];
  const rowsNotice = (fields: Record<string, unknown>) => JSON.stringify({ t: 'castRows', from: 'n', meetingId: 'm', ballots: ['b1'], rows: [row], ...fields });

  it('reads a notice of rows, and the notices older nodes send, as the same casts', () => {
    const expected = [{ entry: { ...entry.participation, choiceKey: null }, voted: 1 }];
    for (const message of [rowsNotice({}), JSON.stringify({ t: 'casts', from: 'n', meetingId: 'm', casts: [entry] }), JSON.stringify({ t: 'cast', from: 'n', meetingId: 'm', ...entry })]) {
      const notice = parseNotice(message);
      expect(notice?.t, message).toMatch(/^casts?$|^castRows$/);
      expect(noticedCasts(notice as Extract<Notice, { t: 'castRows' | 'casts' | 'cast' }>)).toEqual(expected);
    }
  });

  it('names each cast\'s ballot by its index, casts of several ballots in the order recorded', () => {
    const cast = (ballotId: string, seatId: string, choiceKey: string | null, voted: number) => ({ entry: { ballotId, seatId, idempotencyKey: `k-${seatId}`, receiptId: `r-${seatId}`, at: voted, choiceKey }, voted });
    const casts = [cast('b1', 's01', null, 1), cast('b2', 's01', 'yes', 1), cast('b1', 's02', null, 2), cast('b2', 's03', 'no', 2)];
    const notice = parseNotice(JSON.stringify(castRowsNotice('n', 'm', casts))) as Extract<Notice, { t: 'castRows' }>;
    expect(notice.ballots).toEqual(['b1', 'b2']);
    expect(notice.rows.map((r) => r[0])).toEqual([0, 1, 0, 1]);
    expect(noticedCasts(notice)).toEqual(casts);
  });

  it('refuses an empty, oversized or malformed one', () => {
    for (const casts of [[], Array.from({ length: MAX_CASTS_PER_NOTICE + 1 }, () => entry), [{ ...entry, voted: 0 }], [{ ...entry, choiceKey: 'yes' }]]) {
      expect(parseNotice(JSON.stringify({ t: 'casts', from: 'n', meetingId: 'm', casts }))).toBeNull();
    }
    const malformed = [
      { rows: [] },
      { rows: Array.from({ length: MAX_CASTS_PER_NOTICE + 1 }, () => row) },
      { ballots: [] },
      // A row naming a ballot the notice does not list, or by an index that is no index.
      { rows: [[1, 's01', 'key-1', 'r-1', 1, 1, null]] },
      { rows: [[-1, 's01', 'key-1', 'r-1', 1, 1, null]] },
      { rows: [['0', 's01', 'key-1', 'r-1', 1, 1, null]] },
      { rows: [[0.5, 's01', 'key-1', 'r-1', 1, 1, null]] },
      // Too short, too long, a turnout of 0, an empty id or choice, an object for a row.
      { rows: [[0, 's01', 'key-1', 'r-1', 1, 1]] },
      { rows: [[...row, 'extra']] },
      { rows: [[0, 's01', 'key-1', 'r-1', 1, 0, null]] },
      { rows: [[0, '', 'key-1', 'r-1', 1, 1, null]] },
      { rows: [[0, 's01', 'key-1', 'r-1', 1, 1, '']] },
      { rows: [{ 0: 0, 1: 's01', 2: 'key-1', 3: 'r-1', 4: 1, 5: 1, 6: null, length: 7 }] },
      { ballots: ['b1'.repeat(101)] },
      { extra: true },
    ];
    for (const fields of malformed) expect(parseNotice(rowsNotice(fields)), JSON.stringify(fields)).toBeNull();
  });
});

describe('NotifyingStore: every call reaches the store whole', () => {
  it('passes on every argument of every store method it wraps, as many as the fullest store takes', async () => {
    // A wrapper whose method has fewer parameters still satisfies MeetingStore's type: a later
    // optional argument would be dropped without a word (readVotes' `held` was, 2026-12-05).
    const methods = Object.getOwnPropertyNames(NotifyingStore.prototype).filter(
      (name) => name !== 'constructor' && typeof (RedisStore.prototype as unknown as Record<string, unknown>)[name] === 'function',
    );
    expect(methods).toEqual(expect.arrayContaining(['append', 'readEvents', 'cast', 'readVotes', 'readTurnout', 'readRegister', 'importMeeting']));
    for (const name of methods) {
      const arity = Math.max(...[RedisStore.prototype, FileStore.prototype].map((proto) => ((proto as unknown as Record<string, (...args: unknown[]) => unknown>)[name]?.length ?? 0)));
      const received: unknown[][] = [];
      // Answers that every wrapper step can read: a refusal, nothing to announce.
      const inner = { [name]: (...args: unknown[]) => (received.push(args), Promise.resolve({ ok: false, status: 'rejected', reason: 'exists' })) };
      const store = new NotifyingStore(inner as unknown as MeetingStore, () => {}, 'node-a');
      const args = Array.from({ length: arity }, (_, i) => ({ argument: i }));
      await (store as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name]!(...args);
      if (name !== 'castInto') {
        expect(received, name).toEqual([args]);
        continue;
      }
      // The vote path's waiter goes in wrapped (to announce a recorded vote), and hands on whatever it hears.
      expect(received[0]?.slice(0, 2), name).toEqual(args.slice(0, 2));
      const heard: unknown[] = [];
      const given = { answered: (outcome: unknown) => heard.push(outcome), failed: (error: unknown) => heard.push(error) };
      received.length = 0;
      store.castInto('m', { ballotId: 'b', seatId: 's', idempotencyKey: 'k', receiptId: 'r', choiceKey: 'c' }, given);
      const wrapped = received[0]?.[2] as CastWaiter;
      const refusal = { status: 'rejected', code: 'ALREADY_VOTED', message: 'voted' } as const;
      wrapped.answered(refusal);
      wrapped.failed('gone');
      expect(heard).toEqual([refusal, 'gone']);
    }
  });
});
