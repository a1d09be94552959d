// A separate process for the write-failure test in file-store.test.ts, run under `ulimit -f` so
// that the journal really fails to grow (EFBIG) part-way through a batch. Casts one seat at a
// time until a cast fails, then reports how the store behaves. One line per fact on stdout.
// Usage: node --import tsx file-limit-child.ts <dataDir> <meetingId> <ballotId> <otherMeetingId> <otherBallotId>
import { silentLogger } from '../../server/logger';
import { FileStore } from '../../server/store/file/file-store';
import { castRequest, choiceOf, testKeyring } from './fixtures';

const [dir, meetingId, ballotId, otherMeetingId, otherBallotId] = process.argv.slice(2) as [string, string, string, string, string];
const report = (line: string) => process.stdout.write(`${line}\n`);
const nameOf = (error: unknown) => (error instanceof Error ? error.name : String(error));
const store = await FileStore.open(dir, { logger: silentLogger, keyring: testKeyring() });

let failedSeat = 0;
for (let n = 1; n <= 5000 && failedSeat === 0; n++) {
  try {
    const outcome = await store.cast(meetingId, castRequest(ballotId, n, choiceOf(n)));
    report(`ACK ${n} ${outcome.status}`);
  } catch (error) {
    failedSeat = n;
    report(`FAILED ${n} ${nameOf(error)}`);
  }
}
try {
  const outcome = await store.cast(meetingId, castRequest(ballotId, failedSeat + 1, 'yes'));
  report(`CAST_AFTER ${outcome.status}`);
} catch (error) {
  report(`CAST_AFTER ${nameOf(error)}`);
}
try {
  await store.readVotes(meetingId);
  report('READ_AFTER ok');
} catch (error) {
  report(`READ_AFTER ${nameOf(error)}`);
}
report(`DAMAGED ${JSON.stringify(store.damaged().map((d) => d.meetingId))}`);
report(`LISTED ${JSON.stringify(await store.listMeetings())}`);
const other = await store.cast(otherMeetingId, castRequest(otherBallotId, 1, 'yes'));
report(`OTHER ${other.status}`);
await store.close();
report('CLOSED');
