import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../shared/domain/decide';
import type { MeetingEvent } from '../../shared/domain/meeting';
import { MAX_DOCUMENT_BYTES } from '../../shared/domain/preparation/documents';
import { createMeeting as domainMeeting, SECRETARIAT, T0, FIRST_ITEM } from '../../shared/domain/test-fixtures';
import { silentLogger } from '../../server/logger';
import { contentFromLog } from '../../server/preparation/document-content';
import { BallotKeyring } from '../../server/secrecy/ballot-keys';
import { foldMeeting } from '../../server/service/fold';
import { RedisStore } from '../../server/store/redis/redis-store';
import { redisServerAvailable, startRedis, type RedisServer } from '../support/redis-server';
import { TEST_BALLOT_KEY } from '../support/test-config';

/**
 * Issue 10: an attachment lives in the meeting's log, so the Redis store (cluster mode) must
 * carry the largest one allowed, and a node that folds the log must find it there.
 */
describe.skipIf(!redisServerAvailable() && !process.env['CI'])('attachments in the Redis store', () => {
  let redis: RedisServer;
  let store: RedisStore;

  beforeAll(async () => {
    redis = await startRedis({ appendonly: true });
    store = await RedisStore.connect(redis.url, { logger: silentLogger, keyring: BallotKeyring.fromSecret(TEST_BALLOT_KEY) });
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await redis?.stop();
  });

  it('appends a 4 MB PDF as one DocumentAttached event; the fold keeps metadata, the log the bytes', async () => {
    const meeting = domainMeeting('congress', 5);
    const meetingId = meeting.state.spec.meetingId;
    const pdf = Buffer.alloc(MAX_DOCUMENT_BYTES, 0x20);
    pdf.write('%PDF-1.7\n', 0);
    const decision = decide(
      meeting.state,
      { type: 'AttachDocument', itemId: FIRST_ITEM, document: { docId: 'doc-big', title: '预算报告', kind: 'pdf', bytes: pdf.length }, content: pdf.toString('base64') },
      { actor: SECRETARIAT, now: T0 + 1 },
    );
    expect(decision.ok).toBe(true);
    if (!decision.ok) return;
    expect((await store.append(meetingId, 0, meeting.events)).ok).toBe(true);
    expect((await store.append(meetingId, 1, decision.events)).ok).toBe(true);

    const events: MeetingEvent[] = await store.readEvents(meetingId, 0);
    const state = foldMeeting(events, await store.readVotes(meetingId))!;
    expect(state.spec.agenda[0]!.documents).toEqual([{ docId: 'doc-big', title: '预算报告', kind: 'pdf', bytes: MAX_DOCUMENT_BYTES }]);
    expect(contentFromLog(events, 'doc-big')!.equals(pdf)).toBe(true);
  });
});
