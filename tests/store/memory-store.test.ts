import { rm } from 'node:fs/promises';
import { systemClock } from '../../server/clock';
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
