import { spawn } from 'node:child_process';
import { appendFile, chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../../server/logger';
import { DataDirLockedError } from '../../server/store/file/data-dir-lock';
import { InvalidStoreInputError, MeetingUnavailableError, StoreClosedError } from '../../server/store/errors';
import { BallotKeyring, sealedLength } from '../../server/secrecy/ballot-keys';
import { FileStore } from '../../server/store/file/file-store';
import { frameLine } from '../../server/store/file/line-frame';
import { asJournalRecord, registerEntriesOf } from '../../server/store/file/journal-records';
import { describeStoreContract } from './contract';
import {
  appendTo,
  attendanceRecorded,
  ballotClosed,
  ballotOpened,
  castRequest,
  choiceOf,
  CHOICES,
  createMeeting,
  meetingCreated,
  meetingSpec,
  openBallot,
  papers,
  seatIdOf,
  testKeyring,
  type MeetingHandle,
} from './fixtures';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const REPO = join(HERE, '..', '..');

/** A logger whose warnings and errors the test can read. */
function recordingLogger(): { logger: Logger; lines: () => Array<{ level: string; msg: string }> } {
  const lines: string[] = [];
  return {
    logger: createLogger('warn', (line) => lines.push(line)),
    lines: () => lines.map((line) => JSON.parse(line) as { level: string; msg: string }),
  };
}

async function temporaryDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'biaojue-file-store-'));
}

describeStoreContract('file journal', async () => {
  const dir = await temporaryDir();
  const quiet = { logger: createLogger('silent'), keyring: testKeyring() };
  let current = await FileStore.open(dir, quiet);
  return {
    store: current,
    reopen: async () => {
      await current.close();
      current = await FileStore.open(dir, quiet);
      return current;
    },
    cleanup: async () => {
      await current.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('file journal on disk', () => {
  let dir: string;
  let store: FileStore;
  let log: ReturnType<typeof recordingLogger>;

  const keyring = testKeyring();
  const journalOf = (meetingId: string) => join(dir, 'meetings', meetingId, 'journal.jsonl');
  const boxDirOf = (meetingId: string) => join(dir, 'meetings', meetingId, 'box');
  const keysDirOf = (meetingId: string) => join(dir, 'meetings', meetingId, 'keys');
  const keyFileOf = (meetingId: string, ballotId: string) => join(keysDirOf(meetingId), `${ballotId}.key`);
  /** The journal's records, parsed (frames are checked by the store; here only read). */
  const recordsOf = async (meetingId: string) =>
    (await readFile(journalOf(meetingId), 'utf8'))
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as { r: Record<string, unknown> & { s: number; k: string } }).r);
  const reopen = async () => {
    await store.close();
    log = recordingLogger();
    store = await FileStore.open(dir, { logger: log.logger, keyring });
    return store;
  };
  const warnings = () => log.lines().filter((l) => l.level === 'warn');

  beforeEach(async () => {
    dir = await temporaryDir();
    log = recordingLogger();
    store = await FileStore.open(dir, { logger: log.logger, keyring });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A meeting with one anonymous ballot and `votes` casts in it, each its own batch. */
  async function meetingWithVotes(votes: number): Promise<{ meeting: MeetingHandle; ballotId: string }> {
    const meeting = await createMeeting(store, 50);
    const ballotId = await openBallot(store, meeting);
    for (let n = 1; n <= votes; n++) await store.cast(meeting.meetingId, castRequest(ballotId, n, choiceOf(n)));
    return { meeting, ballotId };
  }

  async function snapshotOf(meetingId: string) {
    return { events: await store.readEvents(meetingId, 0), votes: await store.readVotes(meetingId) };
  }

  describe('register entries handed out', () => {
    it('answers with the entry itself, frozen: a caller that keeps it cannot change what the store recorded', async () => {
      const { meeting, ballotId } = await meetingWithVotes(0);
      const request = castRequest(ballotId, 1, 'yes');
      const recorded = await store.cast(meeting.meetingId, request);
      if (recorded.status !== 'recorded') throw new Error(`not recorded: ${JSON.stringify(recorded)}`);
      const { entry } = recorded;
      expect(Object.isFrozen(entry)).toBe(true);
      expect(() => Object.assign(entry, { receiptId: 'forged', at: 0 })).toThrow(TypeError);

      // A retry while the entry is durable gets the same entry, the first receipt.
      const retried = await store.cast(meeting.meetingId, { ...request, receiptId: 'another-receipt' });
      expect(retried).toMatchObject({ status: 'duplicate', entry: { receiptId: request.receiptId, seatId: request.seatId }, voted: 1 });
      expect((await store.readVotes(meeting.meetingId)).register).toEqual([entry]);
      await reopen();
      expect((await store.readVotes(meeting.meetingId)).register).toEqual([entry]);
      const afterReopen = await store.cast(meeting.meetingId, request);
      expect(afterReopen).toMatchObject({ status: 'duplicate', entry });
      if (afterReopen.status === 'duplicate') expect(Object.isFrozen(afterReopen.entry)).toBe(true);
    });

    it('a retry made while the first cast is still in its batch waits for that batch, then gets the first receipt', async () => {
      const { meeting, ballotId } = await meetingWithVotes(0);
      const request = castRequest(ballotId, 2, 'no');
      const settled: string[] = [];
      const [first, retry] = await Promise.all([
        store.cast(meeting.meetingId, request).finally(() => settled.push('first')),
        store.cast(meeting.meetingId, { ...request, receiptId: 'r-2' }).finally(() => settled.push('retry')),
      ]);
      // Never answered before the vote it repeats is on disk.
      expect(settled).toEqual(['first', 'retry']);
      expect(first).toMatchObject({ status: 'recorded', voted: 1 });
      expect(retry).toMatchObject({ status: 'duplicate', entry: { receiptId: request.receiptId }, voted: 1 });
    });
  });

  describe('torn tail', () => {
    it('cuts off garbage without a newline at the end, keeps everything before it, and carries on', async () => {
      const { meeting, ballotId } = await meetingWithVotes(3);
      const before = await snapshotOf(meeting.meetingId);
      const committedSize = (await stat(journalOf(meeting.meetingId))).size;
      await appendFile(journalOf(meeting.meetingId), '{"c":"0123456789abcdef","r":{"s":9');

      await reopen();

      expect(await snapshotOf(meeting.meetingId)).toEqual(before);
      expect(store.damaged()).toEqual([]);
      expect(warnings().map((w) => w.msg)).toEqual([expect.stringMatching(/uncommitted batch/)]);
      expect((await stat(journalOf(meeting.meetingId))).size).toBe(committedSize);
      expect(await store.cast(meeting.meetingId, castRequest(ballotId, 4, 'yes'))).toMatchObject({ status: 'recorded', voted: 4 });
      await appendTo(store, meeting, attendanceRecorded(seatIdOf(1)));
      await reopen();
      expect(warnings()).toEqual([]);
      await appendTo(store, meeting, ballotClosed(ballotId));
      expect(papers((await store.readVotes(meeting.meetingId)).boxes[ballotId])).toBe(4);
    });

    it('cuts off half a line at the end', async () => {
      const { meeting } = await meetingWithVotes(2);
      const before = await snapshotOf(meeting.meetingId);
      const lines = (await readFile(journalOf(meeting.meetingId), 'utf8')).split('\n');
      const someLine = lines[lines.length - 3] ?? '';
      await appendFile(journalOf(meeting.meetingId), someLine.slice(0, Math.floor(someLine.length / 2)));

      await reopen();

      expect(await snapshotOf(meeting.meetingId)).toEqual(before);
      expect(warnings()).toHaveLength(1);
      await appendTo(store, meeting, attendanceRecorded(seatIdOf(1)));
    });

    it('drops a last batch whose commit marker never made it to disk', async () => {
      const { meeting, ballotId } = await meetingWithVotes(2);
      const before = await snapshotOf(meeting.meetingId);
      const lastSeq = Number(/"s":(\d+),"k":"c"/.exec((await readFile(journalOf(meeting.meetingId), 'utf8')).trimEnd().split('\n').at(-1) ?? '')?.[1]);
      const unacknowledged = { ballotId, seatId: seatIdOf(9), idempotencyKey: 'k', receiptId: 'r', at: 1, choiceKey: null };
      await appendFile(journalOf(meeting.meetingId), frameLine({ s: lastSeq + 1, k: 'p', p: unacknowledged }));

      await reopen();

      expect(await snapshotOf(meeting.meetingId)).toEqual(before);
      expect(warnings()).toHaveLength(1);
    });
  });

  describe('damage', () => {
    it('reports a meeting with a corrupt line in the middle, leaves its file untouched and serves the others', async () => {
      const { meeting: broken } = await meetingWithVotes(3);
      const { meeting: healthy, ballotId } = await meetingWithVotes(2);
      const original = await readFile(journalOf(broken.meetingId), 'utf8');
      // One character changed inside an early event's payload (batch 2 of 6), length kept.
      const corrupt = original.replace('"SessionOpened"', '"SessionOpenex"');
      expect(corrupt).not.toBe(original);
      await writeFile(journalOf(broken.meetingId), corrupt);

      await reopen();

      expect(store.damaged()).toEqual([{ meetingId: broken.meetingId, reason: expect.stringMatching(/checksum/) }]);
      expect(await store.listMeetings()).toEqual([healthy.meetingId]);
      await expect(store.readEvents(broken.meetingId, 0)).rejects.toBeInstanceOf(MeetingUnavailableError);
      await expect(store.cast(broken.meetingId, castRequest('b', 1, 'yes'))).rejects.toBeInstanceOf(MeetingUnavailableError);
      await expect(store.append(broken.meetingId, 0, [meetingCreated(meetingSpec(broken.meetingId, 2))])).rejects.toBeInstanceOf(
        MeetingUnavailableError,
      );
      expect(await store.importMeeting({ meetingId: broken.meetingId, events: [], votes: { participations: [], boxes: {} } })).toEqual({
        ok: false,
        reason: 'exists',
      });
      expect(await store.cast(healthy.meetingId, castRequest(ballotId, 3, 'no'))).toMatchObject({ status: 'recorded' });
      expect(await readFile(journalOf(broken.meetingId), 'utf8')).toBe(corrupt);
    });

    it('reports a meeting whose counts disagree with its register, never repairing it', async () => {
      const { meeting, ballotId } = await meetingWithVotes(3);
      await appendTo(store, meeting, ballotClosed(ballotId));
      await store.close();
      const lines = (await readFile(journalOf(meeting.meetingId), 'utf8')).trimEnd().split('\n');
      const at = lines.findIndex((line) => line.includes('"k":"t"'));
      const counts = (JSON.parse(lines[at] ?? '') as { r: { t: Array<[string, number]> } }).r;
      counts.t = counts.t.map(([key, n]) => [key, n + 1]);
      lines[at] = frameLine(counts).trimEnd();
      const tampered = `${lines.join('\n')}\n`;
      await writeFile(journalOf(meeting.meetingId), tampered);

      store = await FileStore.open(dir, { logger: log.logger, keyring });

      expect(store.damaged()).toEqual([
        { meetingId: meeting.meetingId, reason: expect.stringMatching(new RegExp(`${ballotId}.*register has 3 voters`)) },
      ]);
      expect(await readFile(journalOf(meeting.meetingId), 'utf8')).toBe(tampered);
    });

    it('reports an open secret ballot whose key does not open with this BALLOT_KEY, or is missing, and touches nothing', async () => {
      const { meeting, ballotId } = await meetingWithVotes(2);
      await store.close();
      const journal = await readFile(journalOf(meeting.meetingId), 'utf8');
      store = await FileStore.open(dir, { logger: log.logger, keyring: BallotKeyring.random() });
      expect(store.damaged()).toEqual([{ meetingId: meeting.meetingId, reason: expect.stringMatching(/does not open with this BALLOT_KEY/) }]);
      expect(await readdir(keysDirOf(meeting.meetingId))).toEqual([`${ballotId}.key`]);
      await store.close();
      await rm(keyFileOf(meeting.meetingId, ballotId));
      store = await FileStore.open(dir, { logger: log.logger, keyring });
      expect(store.damaged()).toEqual([{ meetingId: meeting.meetingId, reason: expect.stringMatching(/key file is missing/) }]);
      expect(await readFile(journalOf(meeting.meetingId), 'utf8')).toBe(journal);
    });
  });

  describe('sealed papers and ballot keys', () => {
    it('writes a secret ballot\'s papers only sealed, one size, register sorted, papers shuffled, no counts until the gate shuts', async () => {
      const meeting = await createMeeting(store, 60);
      const secret = await openBallot(store, meeting, { secrecy: 'anonymous' });
      // Bursts land in shared batches, in reverse seat order, so sorting is visible.
      for (const burst of [[9, 8, 7, 6, 5, 4, 3, 2, 1], [20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10], [21]]) {
        await Promise.all(burst.map((n) => store.cast(meeting.meetingId, castRequest(secret, n, choiceOf(n)))));
      }
      const open = await recordsOf(meeting.meetingId);
      const sealed = open.filter((r) => r.k === 'xs');
      expect(sealed.reduce((sum, r) => sum + Number(r.n), 0)).toBe(21);
      // Each run is as long as its count of papers makes it, whatever they chose (16-byte papers).
      for (const run of sealed) expect(String(run.x)).toHaveLength(sealedLength(16, Number(run.n)));
      expect(open.filter((r) => r.k === 't' || r.k === 'x')).toEqual([]);
      const text = await readFile(journalOf(meeting.meetingId), 'utf8');
      for (const choice of CHOICES) expect(text).not.toContain(`"${choice}"`);
      for (const seq of new Set(open.map((r) => r.s))) {
        const registers = open.filter((r) => r.s === seq && (r.k === 'p' || r.k === 'ps' || r.k === 'pr'));
        // One register record per batch (`pr`), never a line per vote, and never a choice in it.
        expect(registers.every((r) => r.k === 'pr')).toBe(true);
        expect(registers.length).toBeLessThanOrEqual(1);
        const rows = registers.flatMap((r) => r.p as Array<[string, string, string, string, number, string | null]>);
        expect(rows.every((row) => row.length === 6 && row[5] === null)).toBe(true);
        const seats = rows.map(([, seatId]) => seatId);
        expect(seats).toEqual([...seats].sort());
        const runs = open.filter((r) => r.s === seq && r.k === 'xs');
        expect(runs.map((r) => r.n)).toEqual(seats.length > 0 ? [seats.length] : []);
      }
      expect(await readdir(join(dir, 'meetings', meeting.meetingId))).not.toContain('box');

      await appendTo(store, meeting, ballotClosed(secret));
      const closed = await recordsOf(meeting.meetingId);
      const counts = closed.filter((r) => r.k === 't');
      expect(counts).toHaveLength(1);
      // choiceOf: n % 3 → 0 yes, 1 no, 2 abstain; 21 seats → 7 each.
      expect(counts[0]).toMatchObject({ b: secret, t: [['abstain', 7], ['no', 7], ['yes', 7]] });
      expect(closed.at(-2)).toEqual(counts[0]);
    });

    it('still reads the register records with field names (`ps`) that journals written before rows (`pr`) hold', async () => {
      const meeting = await createMeeting(store, 10);
      const secret = await openBallot(store, meeting, { secrecy: 'anonymous' });
      const named = await openBallot(store, meeting, { secrecy: 'named' });
      await Promise.all([1, 2, 3].map((n) => store.cast(meeting.meetingId, castRequest(secret, n, choiceOf(n)))));
      await Promise.all([1, 2].map((n) => store.cast(meeting.meetingId, castRequest(named, n, choiceOf(n)))));
      const before = await store.readVotes(meeting.meetingId);
      await store.close();
      const records = await recordsOf(meeting.meetingId);
      const lines = (await readFile(journalOf(meeting.meetingId), 'utf8')).trimEnd().split('\n');
      let rewritten = 0;
      for (const [i, record] of records.entries()) {
        const parsed = asJournalRecord(record);
        if (parsed?.k !== 'pr') continue;
        lines[i] = frameLine({ s: parsed.s, k: 'ps', p: registerEntriesOf(parsed) }).trimEnd();
        rewritten++;
      }
      expect(rewritten).toBeGreaterThan(0);
      await writeFile(journalOf(meeting.meetingId), `${lines.join('\n')}\n`);

      store = await FileStore.open(dir, { logger: log.logger, keyring });
      expect(store.damaged()).toEqual([]);
      expect(await store.readVotes(meeting.meetingId)).toEqual(before);
      meeting.version = (await store.readEvents(meeting.meetingId, 0)).length;
      await appendTo(store, meeting, ballotClosed(secret));
      expect((await store.readVotes(meeting.meetingId)).boxes[secret]).toEqual({ [choiceOf(1)]: 1, [choiceOf(2)]: 1, [choiceOf(3)]: 1 });
    });

    it('still reads the one-paper records (`x`) that journals written before runs of papers hold', async () => {
      const meeting = await createMeeting(store, 10);
      const secret = await openBallot(store, meeting, { secrecy: 'anonymous' });
      await store.cast(meeting.meetingId, castRequest(secret, 1, choiceOf(1)));
      await store.close();
      const key = keyring.unwrap(meeting.meetingId, secret, JSON.parse(await readFile(keyFileOf(meeting.meetingId, secret), 'utf8')));
      const lines = (await readFile(journalOf(meeting.meetingId), 'utf8')).trimEnd().split('\n');
      const records = await recordsOf(meeting.meetingId);
      const run = records.findIndex((r) => r.k === 'xs');
      const [paper] = key.openPapers(String(records[run]?.x), 1);
      // The vote's batch as an older version wrote it, then one more such batch (seat 2).
      lines[run] = frameLine({ s: records[run]?.s, k: 'x', b: secret, x: key.seal(paper ?? '') }).trimEnd();
      const seq = (records.at(-1)?.s ?? 0) + 1;
      const legacy = { ballotId: secret, seatId: seatIdOf(2), idempotencyKey: 'k-legacy', receiptId: 'r-legacy', at: 1, choiceKey: null };
      lines.push(
        frameLine({ s: seq, k: 'p', p: legacy }).trimEnd(),
        frameLine({ s: seq, k: 'x', b: secret, x: key.seal(choiceOf(2)) }).trimEnd(),
        frameLine({ s: seq, k: 'c', n: 2 }).trimEnd(),
      );
      await writeFile(journalOf(meeting.meetingId), `${lines.join('\n')}\n`);

      store = await FileStore.open(dir, { logger: log.logger, keyring });
      expect(store.damaged()).toEqual([]);
      meeting.version = (await store.readEvents(meeting.meetingId, 0)).length;
      await appendTo(store, meeting, ballotClosed(secret));
      expect((await store.readVotes(meeting.meetingId)).boxes[secret]).toEqual({ [choiceOf(1)]: 1, [choiceOf(2)]: 1 });
    });

    it('keeps the key file 0600 from the batch that opens the ballot until the one that shuts it is durable', async () => {
      const meeting = await createMeeting(store, 10);
      const secret = await openBallot(store, meeting, { secrecy: 'anonymous' });
      const named = await openBallot(store, meeting, { secrecy: 'named' });
      expect(await readdir(keysDirOf(meeting.meetingId))).toEqual([`${secret}.key`]);
      expect((await stat(keyFileOf(meeting.meetingId, secret))).mode & 0o777).toBe(0o600);
      expect((await stat(keysDirOf(meeting.meetingId))).mode & 0o777).toBe(0o700);
      const stored = JSON.parse(await readFile(keyFileOf(meeting.meetingId, secret), 'utf8')) as { wrapped: string; paperBytes: number };
      expect(stored).toEqual({ wrapped: expect.stringMatching(/^v1\./), paperBytes: 16 });
      await store.cast(meeting.meetingId, castRequest(secret, 1, 'yes'));
      await appendTo(store, meeting, ballotClosed(secret), ballotClosed(named));
      expect(await readdir(keysDirOf(meeting.meetingId))).toEqual([]);
      // The sealed paper stays in the journal; its key was never written anywhere but the key file.
      expect((await recordsOf(meeting.meetingId)).filter((r) => r.k === 'xs')).toMatchObject([{ b: secret, n: 1 }]);
      expect(await readFile(journalOf(meeting.meetingId), 'utf8')).not.toContain(stored.wrapped.slice(3, 40));
      expect(keyring.unwrap(meeting.meetingId, secret, stored).paperBytes).toBe(16);
    });

    it('destroys, at reopen, a key whose ballot never opened (torn batch) and one whose close is durable', async () => {
      const { meeting, ballotId } = await meetingWithVotes(3);
      const kept = join(dir, 'kept.key');
      await copyFile(keyFileOf(meeting.meetingId, ballotId), kept);
      await appendTo(store, meeting, ballotClosed(ballotId));
      await store.close();
      // The close is durable but the key file came back (a crash before the unlink).
      await copyFile(kept, keyFileOf(meeting.meetingId, ballotId));
      // A key written for a ballot whose opening batch never committed.
      await copyFile(kept, keyFileOf(meeting.meetingId, 'b-never-opened'));

      store = await FileStore.open(dir, { logger: log.logger, keyring });

      expect(store.damaged()).toEqual([]);
      expect(await readdir(keysDirOf(meeting.meetingId))).toEqual([]);
      expect(warnings().map((w) => w.msg)).toEqual([
        expect.stringMatching(/key file of a ballot that is not open/),
        expect.stringMatching(/key file of a ballot that is not open/),
      ]);
      expect((await store.readVotes(meeting.meetingId)).boxes[ballotId]).toEqual({ no: 1, abstain: 1, yes: 1 });
    });

    it('reopens a ballot whose closing batch was torn: key kept, papers opened, counted at the real close', async () => {
      const { meeting, ballotId } = await meetingWithVotes(4);
      const openSize = (await stat(journalOf(meeting.meetingId))).size;
      const kept = join(dir, 'kept.key');
      await copyFile(keyFileOf(meeting.meetingId, ballotId), kept);
      await appendTo(store, meeting, ballotClosed(ballotId));
      await store.close();
      // The crash: the close batch only half written, its key file already gone.
      const full = (await stat(journalOf(meeting.meetingId))).size;
      await truncate(journalOf(meeting.meetingId), openSize + Math.floor((full - openSize) / 2));
      await copyFile(kept, keyFileOf(meeting.meetingId, ballotId));

      store = await FileStore.open(dir, { logger: log.logger, keyring });

      expect(store.damaged()).toEqual([]);
      expect((await store.readVotes(meeting.meetingId)).boxes[ballotId]).toBeUndefined();
      expect(await store.cast(meeting.meetingId, castRequest(ballotId, 5, 'yes'))).toMatchObject({ status: 'recorded', voted: 5 });
      meeting.version -= 1;
      await appendTo(store, meeting, ballotClosed(ballotId));
      // choiceOf 1..4: no, abstain, yes, no; then seat 5 yes.
      expect((await store.readVotes(meeting.meetingId)).boxes[ballotId]).toEqual({ abstain: 1, no: 2, yes: 2 });
      expect(await readdir(keysDirOf(meeting.meetingId))).toEqual([]);
    });

    it('gives a fresh key to an open secret ballot that has no key file and no vote yet', async () => {
      const { meeting, ballotId } = await meetingWithVotes(0);
      await store.close();
      await rm(keyFileOf(meeting.meetingId, ballotId));

      store = await FileStore.open(dir, { logger: log.logger, keyring });

      expect(store.damaged()).toEqual([]);
      expect(await readdir(keysDirOf(meeting.meetingId))).toEqual([`${ballotId}.key`]);
      await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'abstain'));
      await reopen();
      await appendTo(store, meeting, ballotClosed(ballotId));
      expect((await store.readVotes(meeting.meetingId)).boxes[ballotId]).toEqual({ abstain: 1 });
    });

    it('still reads a closed secret ballot an older version kept in a box snapshot, and drops outdated ones', async () => {
      await store.close();
      const meetingId = 'm-legacy';
      const ballotId = 'b-legacy';
      const meetingDir = join(dir, 'meetings', meetingId);
      await mkdir(join(meetingDir, 'box'), { recursive: true });
      const vote = (n: number) => ({ ballotId, seatId: seatIdOf(n), idempotencyKey: `k${n}`, receiptId: `r${n}`, at: n, choiceKey: null });
      const batches = [
        [{ k: 'e', v: 1, e: meetingCreated(meetingSpec(meetingId, 5)) }],
        [{ k: 'e', v: 2, e: ballotOpened(ballotId) }],
        [{ k: 'p', p: vote(1) }],
        [{ k: 'p', p: vote(2) }, { k: 'p', p: vote(3) }],
        [{ k: 'e', v: 3, e: ballotClosed(ballotId) }],
      ];
      const journal = batches
        .map((records, i) => [...records.map((r) => ({ s: i + 1, ...r })), { s: i + 1, k: 'c', n: records.length }].map(frameLine).join(''))
        .join('');
      await writeFile(journalOf(meetingId), journal);
      await writeFile(join(meetingDir, 'box', `${ballotId}.3.json`), JSON.stringify({ yes: 1 }));
      await writeFile(join(meetingDir, 'box', `${ballotId}.4.json`), JSON.stringify({ yes: 2, no: 1 }));

      store = await FileStore.open(dir, { logger: log.logger, keyring });

      expect(store.damaged()).toEqual([]);
      expect((await store.readVotes(meetingId)).boxes[ballotId]).toEqual({ no: 1, yes: 2 });
      expect(await readdir(boxDirOf(meetingId))).toEqual([`${ballotId}.4.json`]);
    });

    it('makes the data directory 0700 and its files 0600, also one an older version left open to all', async () => {
      const { meeting } = await meetingWithVotes(1);
      await store.close();
      await chmod(dir, 0o755);
      await chmod(join(dir, 'meetings', meeting.meetingId), 0o755);
      await chmod(journalOf(meeting.meetingId), 0o644);
      await mkdir(boxDirOf(meeting.meetingId), { mode: 0o755 });

      store = await FileStore.open(dir, { logger: log.logger, keyring });

      const walk = async (path: string): Promise<Array<{ path: string; mode: number; dir: boolean }>> => {
        const info = await stat(path);
        const here = { path, mode: info.mode & 0o777, dir: info.isDirectory() };
        if (!info.isDirectory()) return [here];
        const children = await Promise.all((await readdir(path)).map((name) => walk(join(path, name))));
        return [here, ...children.flat()];
      };
      const entries = await walk(dir);
      expect(entries.filter((e) => e.dir && e.mode !== 0o700)).toEqual([]);
      expect(entries.filter((e) => !e.dir && e.mode !== 0o600)).toEqual([]);
      expect(entries.map((e) => e.path)).toEqual(expect.arrayContaining([join(dir, 'LOCK'), journalOf(meeting.meetingId)]));
    });

    it('keeps a generated development master key (0600) when none is given, and warns that production needs BALLOT_KEY', async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
      log = recordingLogger();
      store = await FileStore.open(dir, { logger: log.logger });
      expect(warnings().map((w) => w.msg)).toEqual([expect.stringMatching(/production must set BALLOT_KEY/)]);
      expect((await stat(join(dir, 'ballot-master.key'))).mode & 0o777).toBe(0o600);
      const again = await createMeeting(store, 5);
      const secret = await openBallot(store, again, { secrecy: 'anonymous' });
      await store.cast(again.meetingId, castRequest(secret, 1, 'yes'));
      await store.close();
      store = await FileStore.open(dir, { logger: log.logger });
      expect(store.damaged()).toEqual([]);
      await appendTo(store, again, ballotClosed(secret));
      expect((await store.readVotes(again.meetingId)).boxes[secret]).toEqual({ yes: 1 });
    });
  });

  describe('group commit', () => {
    it('writes a burst of 200 concurrent casts in far fewer batches and fsyncs than casts', async () => {
      const meeting = await createMeeting(store, 200);
      const ballotId = await openBallot(store, meeting);
      const before = store.stats();
      const outcomes = await Promise.all(
        Array.from({ length: 200 }, (_, i) => store.cast(meeting.meetingId, castRequest(ballotId, i + 1, choiceOf(i + 1)))),
      );
      const after = store.stats();
      expect(outcomes.every((o) => o.status === 'recorded')).toBe(true);
      const batches = after.batches - before.batches;
      expect(batches).toBeGreaterThanOrEqual(1);
      expect(batches).toBeLessThan(20);
      expect(after.fsyncs - before.fsyncs).toBeLessThan(60);
      // Per batch one register record, one run of sealed papers and one commit marker: nothing written twice.
      expect(after.records - before.records).toBe(3 * batches);
    });

    it('close() waits for queued casts, and they are all on disk afterwards', async () => {
      const meeting = await createMeeting(store, 60);
      const ballotId = await openBallot(store, meeting);
      const pending = Array.from({ length: 50 }, (_, i) => store.cast(meeting.meetingId, castRequest(ballotId, i + 1, 'yes')));
      await store.close();
      expect((await Promise.all(pending)).every((o) => o.status === 'recorded')).toBe(true);
      await expect(store.listMeetings()).rejects.toBeInstanceOf(StoreClosedError);
      store = await FileStore.open(dir, { logger: log.logger, keyring });
      await appendTo(store, meeting, ballotClosed(ballotId));
      expect((await store.readVotes(meeting.meetingId)).boxes[ballotId]).toEqual({ yes: 50 });
    });
  });

  describe('bad input', () => {
    it('refuses ids that are not plain path segments and writes nothing', async () => {
      await expect(store.append('../escape', 0, [meetingCreated(meetingSpec('escape', 2))])).rejects.toBeInstanceOf(
        InvalidStoreInputError,
      );
      expect(await readdir(join(dir, 'meetings'))).toEqual([]);
      expect((await readdir(dir)).sort()).toEqual(['LOCK', 'meetings']);
      const meeting = await createMeeting(store, 3);
      await expect(store.append(meeting.meetingId, meeting.version, [ballotOpened('../../box')])).rejects.toBeInstanceOf(
        InvalidStoreInputError,
      );
      expect(await store.readEvents(meeting.meetingId, 0)).toHaveLength(meeting.version);
    });

    it('refuses a cast request with an empty field, records nothing, and reopens clean', async () => {
      const meeting = await createMeeting(store, 3);
      const ballotId = await openBallot(store, meeting);
      await expect(store.cast(meeting.meetingId, { ...castRequest(ballotId, 1, 'yes'), choiceKey: '' })).rejects.toBeInstanceOf(
        InvalidStoreInputError,
      );
      expect((await store.readVotes(meeting.meetingId)).register).toEqual([]);
      await reopen();
      expect(store.damaged()).toEqual([]);
      expect(await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'yes'))).toMatchObject({ status: 'recorded' });
    });

    it('refuses a log that does not start with MeetingCreated', async () => {
      await expect(store.append('m-headless', 0, [attendanceRecorded(seatIdOf(1))])).rejects.toBeInstanceOf(InvalidStoreInputError);
      expect(await store.listMeetings()).toEqual([]);
      expect(await store.append('m-headless', 0, [meetingCreated(meetingSpec('m-headless', 2))])).toEqual({ ok: true, version: 1 });
    });
  });

  describe('data directory lock', () => {
    function exitedChild(command: string, args: string[]) {
      const child = spawn(command, args, { stdio: 'ignore' });
      return { pid: child.pid ?? 0, exited: new Promise<void>((resolve) => child.on('exit', () => resolve())), child };
    }

    it('refuses a second store on a directory in use, and opens once the first has closed', async () => {
      await expect(FileStore.open(dir)).rejects.toBeInstanceOf(DataDirLockedError);
      const meeting = await createMeeting(store, 3);
      await store.close();
      store = await FileStore.open(dir, { logger: log.logger, keyring });
      expect(await store.listMeetings()).toEqual([meeting.meetingId]);
    });

    it('refuses a directory whose lock is held by another live process', async () => {
      await store.close();
      const sleeper = exitedChild('sleep', ['60']);
      try {
        await writeFile(join(dir, 'LOCK'), `${sleeper.pid}\n`);
        await expect(FileStore.open(dir)).rejects.toThrow(String(sleeper.pid));
      } finally {
        sleeper.child.kill('SIGKILL');
        await sleeper.exited;
      }
      store = await FileStore.open(dir, { logger: log.logger, keyring });
    });

    it('takes over a lock left by a process that died', async () => {
      await store.close();
      const gone = exitedChild('true', []);
      await gone.exited;
      await writeFile(join(dir, 'LOCK'), `${gone.pid}\n`);
      log = recordingLogger();
      store = await FileStore.open(dir, { logger: log.logger, keyring });
      expect(warnings().map((w) => w.msg)).toEqual([expect.stringMatching(/lock of a process that is gone/)]);
      expect((await readFile(join(dir, 'LOCK'), 'utf8')).trim()).toBe(String(process.pid));
    });
  });

  describe('crashes and write failures (separate processes)', () => {
    function runChild(script: string, args: string[], fileSizeLimitKiB?: number) {
      const node = [process.execPath, '--import', 'tsx', join(HERE, script), ...args];
      const child =
        fileSizeLimitKiB === undefined
          ? spawn(node[0] as string, node.slice(1), { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] })
          : spawn('bash', ['-c', `ulimit -f ${fileSizeLimitKiB} && exec "$@"`, 'bash', ...node], {
              cwd: REPO,
              stdio: ['ignore', 'pipe', 'pipe'],
            });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.on('exit', (code, signal) => resolve({ code, signal })),
      );
      return { child, lines: createInterface({ input: child.stdout }), exited, stderr: () => stderr };
    }

    it('keeps every acknowledged vote, once, when the process is killed mid-burst', async () => {
      const seats = 5000;
      const meeting = await createMeeting(store, seats);
      const ballotId = await openBallot(store, meeting);
      await store.close();

      const run = runChild('cast-burst-child.ts', [dir, meeting.meetingId, ballotId, String(seats)]);
      const acked = new Map<number, string>();
      for await (const line of run.lines) {
        const [tag, seat, receipt] = line.split(' ');
        if (tag !== 'ACK') continue;
        acked.set(Number(seat), receipt ?? '');
        if (acked.size === 150) run.child.kill('SIGKILL');
      }
      const exit = await run.exited;
      expect(exit.signal, run.stderr()).toBe('SIGKILL');

      store = await FileStore.open(dir, { logger: log.logger, keyring });
      expect(store.damaged()).toEqual([]);
      const votes = await store.readVotes(meeting.meetingId);
      const register = votes.register.filter((p) => p.ballotId === ballotId);
      const receipts = register.map((p) => p.receiptId);
      expect(new Set(receipts).size).toBe(receipts.length);
      for (const receipt of acked.values()) expect(receipts).toContain(receipt);
      // A delegate whose ack was lost retries and gets the first answer, never a second count.
      const [someSeat] = acked.keys();
      const retry = await store.cast(meeting.meetingId, castRequest(ballotId, someSeat ?? 0, choiceOf(someSeat ?? 0)));
      expect(retry).toMatchObject({ status: 'duplicate', voted: register.length });
      await appendTo(store, meeting, ballotClosed(ballotId));
      expect(papers((await store.readVotes(meeting.meetingId)).boxes[ballotId])).toBe(register.length);
    });

    it('stops serving a meeting whose journal write fails, loses nothing acknowledged, and recovers on reopen', async () => {
      const { meeting, ballotId } = await meetingWithVotes(0);
      const other = await createMeeting(store, 3);
      const otherBallot = await openBallot(store, other);
      await store.close();
      // The roster makes the journal ~8 KiB; a 64 KiB file limit lets a few hundred casts in.
      const run = runChild('file-limit-child.ts', [dir, meeting.meetingId, ballotId, other.meetingId, otherBallot], 64);
      const facts: string[] = [];
      for await (const line of run.lines) facts.push(line);
      const exit = await run.exited;
      expect(exit.code, run.stderr()).toBe(0);

      const acked = facts.filter((f) => f.startsWith('ACK ')).map((f) => Number(f.split(' ')[1]));
      expect(acked.length).toBeGreaterThan(10);
      expect(facts.filter((f) => !f.startsWith('ACK '))).toEqual([
        `FAILED ${acked.length + 1} MeetingUnavailableError`,
        'CAST_AFTER MeetingUnavailableError',
        'READ_AFTER MeetingUnavailableError',
        `DAMAGED ${JSON.stringify([meeting.meetingId])}`,
        `LISTED ${JSON.stringify([other.meetingId])}`,
        'OTHER recorded',
        'CLOSED',
      ]);

      store = await FileStore.open(dir, { logger: log.logger, keyring });
      expect(store.damaged()).toEqual([]);
      const votes = await store.readVotes(meeting.meetingId);
      expect(votes.register.map((p) => Number(p.seatId.slice('seat-'.length)))).toEqual(acked);
      // The failed cast's outcome was unknown to its delegate; the retry settles it, once.
      const failedSeat = acked.length + 1;
      expect(await store.cast(meeting.meetingId, castRequest(ballotId, failedSeat, choiceOf(failedSeat)))).toMatchObject({
        status: 'recorded',
        voted: acked.length + 1,
      });
      meeting.version = (await store.readEvents(meeting.meetingId, 0)).length;
      await appendTo(store, meeting, ballotClosed(ballotId));
      expect(papers((await store.readVotes(meeting.meetingId)).boxes[ballotId])).toBe(acked.length + 1);
      other.version = (await store.readEvents(other.meetingId, 0)).length;
      await appendTo(store, other, ballotClosed(otherBallot));
      expect((await store.readVotes(other.meetingId)).boxes[otherBallot]).toEqual({ yes: 1 });
    });
  });
});
