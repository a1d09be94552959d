import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../logger';
import type { StoredCast } from '../types';
import { castRequest, choiceOf, createMeeting, openBallot, testKeyring } from '../../../tests/store/fixtures';
import { FileStore } from './file-store';

let dir: string | null = null;
let store: FileStore | null = null;
afterEach(async () => {
  await store?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** What a waiter hears through castInto. */
function castInto(into: FileStore, meetingId: string, request: ReturnType<typeof castRequest>): Promise<{ outcome?: StoredCast; error?: unknown }> {
  return new Promise((resolve) => into.castInto(meetingId, request, { answered: (outcome) => resolve({ outcome }), failed: (error) => resolve({ error }) }));
}

describe("the file journal's answer to a retry", () => {
  it("answers a retry with the first entry and the durable turnout, and fails the waiter (no unhandled rejection) when that turnout read throws", async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'biaojue-duplicate-'));
    store = await FileStore.open(dir, { logger: silentLogger, keyring: testKeyring() });
    const meeting = await createMeeting(store, 5);
    const ballotId = await openBallot(store, meeting);
    const request = castRequest(ballotId, 1, choiceOf(1));
    const first = await castInto(store, meeting.meetingId, request);
    expect(first.outcome).toMatchObject({ status: 'recorded', voted: 1 });
    const retry = await castInto(store, meeting.meetingId, request);
    expect(retry.outcome).toEqual({ status: 'duplicate', entry: (first.outcome as Extract<StoredCast, { status: 'recorded' }>).entry, voted: 1 });

    // The turnout read of a retry's answer throws (a bug): the waiter is told, and nothing is left unhandled.
    const journal = (store as unknown as { meetings: Map<string, { index: { durableTurnout(ballotId: string): number } }> }).meetings.get(meeting.meetingId)!;
    journal.index.durableTurnout = () => {
      throw new Error('turnout read failed');
    };
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const failed = await castInto(store, meeting.meetingId, request);
      await new Promise((resolve) => setImmediate(resolve));
      expect(failed.error).toBeInstanceOf(Error);
      expect((failed.error as Error).message).toBe('turnout read failed');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
