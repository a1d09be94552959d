import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHAIR, FIRST_ITEM, SECRETARIAT, meetingSpec, motionSpec, seatIds } from '../../shared/domain/test-fixtures';
import { testKeyring } from '../../tests/store/fixtures';
import { systemClock } from '../clock';
import { createLogger, silentLogger } from '../logger';
import { MeetingService } from '../meeting-service';
import type { CastWaiter } from '../store/cast-waiter';
import { FileStore } from '../store/file/file-store';
import type { CastRequest, MeetingStore } from '../store/types';
import type { CastAnswer } from './cast-service';
import { ServiceError } from './service-error';

const SEATS = 3;

/** What a reply heard, and whether it heard it inside the castInto call. */
type Heard = { answer?: CastAnswer; error?: unknown; insideTheCall: boolean };

function castInto(service: MeetingService, meetingId: string, seatId: string, idempotencyKey: string, option = 'yes', ballotId = 'b-1'): Promise<Heard> {
  return new Promise((resolve) => {
    let returned = false;
    service.castInto(meetingId, seatId, { ballotId, idempotencyKey, choice: { option } }, undefined, {
      answered: (answer) => resolve({ answer, insideTheCall: !returned }),
      failed: (error) => resolve({ error, insideTheCall: !returned }),
    });
    returned = true;
  });
}

/**
 * The vote path answers through a reply object (cast-service.ts castInto): from a store that
 * answers through a waiter, from one that only has the promise, and when the store fails.
 */
describe('a cast answered through its reply', () => {
  let dir: string;
  let store: FileStore;
  const { meetingId } = meetingSpec('congress', SEATS);
  const [first, second, third] = seatIds(SEATS) as [string, string, string];

  /** A service over `seen`, with its meeting signed in, in session, and ballot b-1 open. */
  async function serviceOver(seen: MeetingStore, logger = silentLogger): Promise<MeetingService> {
    const service = new MeetingService({ store: seen, clock: systemClock, logger });
    await service.createMeeting(meetingSpec('congress', SEATS), SECRETARIAT);
    for (const seatId of seatIds(SEATS)) await service.execute(meetingId, [{ type: 'SignIn', seatId }], { role: 'delegate', name: seatId });
    await service.execute(meetingId, [{ type: 'OpenSession' }, { type: 'StartItem', itemId: FIRST_ITEM }], CHAIR);
    await service.execute(meetingId, [{ type: 'OpenBallot', spec: motionSpec('b-1'), quorumOverrideReason: null }], CHAIR);
    return service;
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cast-replies-'));
    store = await FileStore.open(dir, { logger: silentLogger, keyring: testKeyring() });
  });

  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * A paper the copy refuses for good, a ballot it does not know, a vote, its retry, a second
   * paper and an unknown meeting, each answered after the call returned.
   */
  async function answersEachAfterTheCall(seen: MeetingStore, seatId: string): Promise<void> {
    const service = await serviceOver(seen);
    expect(await castInto(service, meetingId, seatId, `key-${seatId}-maybe`, 'maybe')).toMatchObject({ answer: { ok: false, code: 'INVALID_CHOICE' }, insideTheCall: false });
    // A refusal a newer event could lift: the log is read once, then the copy's answer stands.
    expect(await castInto(service, meetingId, seatId, `key-${seatId}-b9`, 'yes', 'b-9')).toMatchObject({ answer: { ok: false, code: 'UNKNOWN_BALLOT' }, insideTheCall: false });
    expect(await castInto(service, meetingId, seatId, `key-${seatId}`)).toMatchObject({
      answer: { ok: true, duplicate: false, receipt: { ballotId: 'b-1', seatId } },
      insideTheCall: false,
    });
    expect(await castInto(service, meetingId, seatId, `key-${seatId}`)).toMatchObject({ answer: { ok: true, duplicate: true }, insideTheCall: false });
    expect(await castInto(service, meetingId, seatId, `key-${seatId}-again`)).toMatchObject({ answer: { ok: false, code: 'ALREADY_VOTED' }, insideTheCall: false });
    expect(await castInto(service, 'no-such-meeting', seatId, 'key')).toMatchObject({ answer: { ok: false, code: 'MEETING_NOT_FOUND' }, insideTheCall: false });
  }

  it('answers from a store that answers through a waiter (the file store)', async () => {
    await answersEachAfterTheCall(store, first);
  });

  it('answers from a store that only has the promise (castThrough)', async () => {
    const promiseOnly: MeetingStore = Object.create(store) as MeetingStore;
    promiseOnly.castInto = undefined;
    promiseOnly.cast = (meetingId: string, request: CastRequest) => store.cast(meetingId, request);
    await answersEachAfterTheCall(promiseOnly, second);
  });

  it("answers a store's failure as STORE_UNAVAILABLE, to be retried with the same key, and logs it", async () => {
    const lines: string[] = [];
    const failing: MeetingStore = Object.create(store) as MeetingStore;
    failing.castInto = (_meetingId: string, _request: CastRequest, waiter: CastWaiter) => queueMicrotask(() => waiter.failed(new Error('the disk is gone')));
    const service = await serviceOver(failing, createLogger('error', (line) => lines.push(line)));
    const heard = await castInto(service, meetingId, third, `key-${third}`);
    expect(heard.insideTheCall).toBe(false);
    expect(heard.error).toBeInstanceOf(ServiceError);
    expect((heard.error as ServiceError).toAck()).toMatchObject({ ok: false, code: 'STORE_UNAVAILABLE', details: { retry: 'same_idempotency_key' } });
    expect(lines.map((line) => JSON.parse(line) as { msg: string; op: string })).toEqual([expect.objectContaining({ msg: 'store operation failed', op: 'record the vote' })]);
    // Nothing was taken into the copy: the seat has not voted there.
    expect(service.cachedState(meetingId)?.registers.get('b-1')?.has(third)).toBe(false);
  });
});
