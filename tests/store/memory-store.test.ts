import { rm } from 'node:fs/promises';
import { describe, expect, it, vi, type MockInstance } from 'vitest';
import type { MeetingEvent } from '../../shared/domain/meeting';
import { systemClock } from '../../server/clock';
import { FileStore } from '../../server/store/file/file-store';
import type { MeetingArchive } from '../../server/store/types';
import { MemoryStore } from '../support/memory-store';
import { describeStoreContract } from './contract';

/** The store the service tests use (tests/support/memory-store.ts) is held to the one contract, so it cannot drift again. */
describeStoreContract('test memory store (a file journal in a temporary directory)', async () => {
  let current = new MemoryStore();
  await current.listMeetings(); // opened, so its directory is known
  const dir = current.dir!;
  return {
    store: current,
    reopen: async () => {
      await current.close();
      current = new MemoryStore(systemClock, dir);
      return current;
    },
    cleanup: async () => {
      await current.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('the test memory store hands every argument to the file store it wraps', () => {
  it('each method passes on what it was given, unchanged, and returns what the file store answered', async () => {
    const store = new MemoryStore();
    await store.listMeetings();
    const methods = ['listMeetings', 'append', 'readEvents', 'cast', 'readVotes', 'importMeeting', 'close'] as const;
    const spies = Object.fromEntries(methods.map((name) => [name, vi.spyOn(FileStore.prototype, name)])) as unknown as Record<(typeof methods)[number], MockInstance>;
    try {
      const events: MeetingEvent[] = [];
      const request = { ballotId: 'b-args', seatId: 'seat-args', idempotencyKey: 'key-args-0001', receiptId: 'receipt-args', choiceKey: 'yes' };
      const held = new Map([['b-args', { size: 3, digest: 'digest-args' }]]);
      const archive = { format: 'not-an-archive' } as unknown as MeetingArchive;
      await store.listMeetings();
      await store.append('m-args', 7, events);
      await store.readEvents('m-args', 5);
      const cast = await store.cast('m-args', request);
      await store.readVotes('m-args', ['b-args'], held);
      await store.importMeeting(archive).catch(() => undefined);

      expect(spies.append).toHaveBeenLastCalledWith('m-args', 7, events);
      expect(spies.append.mock.lastCall?.[2]).toBe(events);
      expect(spies.readEvents).toHaveBeenLastCalledWith('m-args', 5);
      expect(spies.cast).toHaveBeenLastCalledWith('m-args', request);
      expect(spies.cast.mock.lastCall?.[1]).toBe(request);
      expect(cast).toEqual(await spies.cast.mock.results.at(-1)?.value);
      expect(spies.readVotes).toHaveBeenLastCalledWith('m-args', ['b-args'], held);
      expect(spies.importMeeting.mock.lastCall?.[0]).toBe(archive);
      expect(spies.listMeetings).toHaveBeenCalled();
    } finally {
      await store.close();
      expect(spies.close).toHaveBeenCalledTimes(1);
      vi.restoreAllMocks();
    }
  });
});
