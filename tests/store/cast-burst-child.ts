// A separate process for the crash test in file-store.test.ts: opens the store, casts as fast
// as it can (32 at a time, one seat each) and prints every acknowledged receipt, until killed.
// Usage: node --import tsx cast-burst-child.ts <dataDir> <meetingId> <ballotId> <seats>
import { silentLogger } from '../../server/logger';
import { FileStore } from '../../server/store/file/file-store';
import { castRequest, choiceOf, testKeyring } from './fixtures';

const [dir, meetingId, ballotId, seatsArg] = process.argv.slice(2);
if (!dir || !meetingId || !ballotId || !seatsArg) throw new Error('usage: <dataDir> <meetingId> <ballotId> <seats>');
const seats = Number(seatsArg);
const store = await FileStore.open(dir, { logger: silentLogger, keyring: testKeyring() });

let next = 1;
async function castUntilDone(): Promise<void> {
  while (next <= seats) {
    const n = next++;
    const outcome = await store.cast(meetingId as string, castRequest(ballotId as string, n, choiceOf(n)));
    if (outcome.status !== 'recorded') throw new Error(`seat ${n}: ${JSON.stringify(outcome)}`);
    // A pipe write is synchronous on Linux: once printed, the parent may rely on it.
    process.stdout.write(`ACK ${n} ${outcome.entry.receiptId}\n`);
  }
}

await Promise.all(Array.from({ length: 32 }, castUntilDone));
process.stdout.write('DONE\n');
await store.close();
