import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../../server/logger';
import { DataDirLockedError } from '../../server/store/file/data-dir-lock';
import { InvalidStoreInputError, MeetingUnavailableError, StoreClosedError } from '../../server/store/errors';
import { FileStore } from '../../server/store/file/file-store';
import { frameLine } from '../../server/store/file/line-frame';
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
  const quiet = { logger: createLogger('silent') };
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

  const journalOf = (meetingId: string) => join(dir, 'meetings', meetingId, 'journal.jsonl');
  const boxDirOf = (meetingId: string) => join(dir, 'meetings', meetingId, 'box');
  const reopen = async () => {
    await store.close();
    log = recordingLogger();
    store = await FileStore.open(dir, { logger: log.logger });
    return store;
  };
  const warnings = () => log.lines().filter((l) => l.level === 'warn');

  beforeEach(async () => {
    dir = await temporaryDir();
    log = recordingLogger();
    store = await FileStore.open(dir, { logger: log.logger });
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

    it('reports a meeting whose box snapshot disagrees with its register, never repairing it', async () => {
      const { meeting, ballotId } = await meetingWithVotes(3);
      const [snapshot] = await readdir(boxDirOf(meeting.meetingId));
      const path = join(boxDirOf(meeting.meetingId), snapshot ?? '');
      const counts = JSON.parse(await readFile(path, 'utf8')) as Record<string, number>;
      await writeFile(path, JSON.stringify({ ...counts, yes: (counts.yes ?? 0) + 1 }));

      await reopen();

      expect(store.damaged()).toEqual([
        { meetingId: meeting.meetingId, reason: expect.stringMatching(new RegExp(`${ballotId}.*register has 3 voters`)) },
      ]);
      expect(await readdir(boxDirOf(meeting.meetingId))).toEqual([snapshot]);
    });
  });

  describe('box snapshots', () => {
    it('ignores and removes a snapshot newer than the journal, and an outdated one', async () => {
      const { meeting, ballotId } = await meetingWithVotes(3);
      const before = await snapshotOf(meeting.meetingId);
      const [current] = await readdir(boxDirOf(meeting.meetingId));
      const seq = Number(/\.(\d+)\.json$/.exec(current ?? '')?.[1]);
      await writeFile(join(boxDirOf(meeting.meetingId), `${ballotId}.${seq + 1}.json`), JSON.stringify({ yes: 999 }));
      await writeFile(join(boxDirOf(meeting.meetingId), `${ballotId}.${seq - 1}.json`), JSON.stringify({ no: 1 }));

      await reopen();

      expect(await snapshotOf(meeting.meetingId)).toEqual(before);
      expect(await readdir(boxDirOf(meeting.meetingId))).toEqual([current]);
      expect(warnings().map((w) => w.msg)).toEqual([expect.stringMatching(/uncommitted batch/)]);
    });

    it('leaves one snapshot per ballot holding counts only, and never writes a seat beside a secret choice', async () => {
      const meeting = await createMeeting(store, 30);
      const secret = await openBallot(store, meeting, { secrecy: 'anonymous' });
      for (let n = 1; n <= 20; n++) await store.cast(meeting.meetingId, castRequest(secret, n, choiceOf(n)));
      await Promise.all([21, 22, 23].map((n) => store.cast(meeting.meetingId, castRequest(secret, n, choiceOf(n)))));
      await appendTo(store, meeting, ballotClosed(secret));
      const named = await openBallot(store, meeting, { secrecy: 'named' });
      for (let n = 1; n <= 5; n++) await store.cast(meeting.meetingId, castRequest(named, n, choiceOf(n)));
      await store.close();

      const boxFiles = await readdir(boxDirOf(meeting.meetingId));
      expect(boxFiles.filter((f) => f.startsWith(`${secret}.`))).toHaveLength(1);
      expect(boxFiles.filter((f) => f.startsWith(`${named}.`))).toHaveLength(1);
      for (const file of boxFiles) {
        const text = await readFile(join(boxDirOf(meeting.meetingId), file), 'utf8');
        const counts = JSON.parse(text) as Record<string, unknown>;
        expect(Object.keys(counts).every((k) => (CHOICES as readonly string[]).includes(k))).toBe(true);
        expect(Object.values(counts).every((v) => typeof v === 'number')).toBe(true);
        expect(text).not.toMatch(/seat-|key-|rcpt-/);
      }

      // Every line naming a voter is checked for a choice; the named ballot proves the check bites.
      const mentionsChoice = (line: string) => CHOICES.some((c) => line.includes(`"${c}"`));
      const voterLines = (await readFile(journalOf(meeting.meetingId), 'utf8'))
        .split('\n')
        .filter((line) => Array.from({ length: 23 }, (_, i) => seatIdOf(i + 1)).some((seat) => line.includes(`"${seat}"`)));
      const secretLines = voterLines.filter((line) => line.includes(`"${secret}"`));
      const namedLines = voterLines.filter((line) => line.includes(`"${named}"`));
      expect(secretLines).toHaveLength(23);
      expect(secretLines.filter(mentionsChoice)).toEqual([]);
      expect(namedLines.filter(mentionsChoice)).toHaveLength(5);
      const otherLines = voterLines.filter((line) => !line.includes(`"${secret}"`) && !line.includes(`"${named}"`));
      expect(otherLines.filter(mentionsChoice)).toEqual([]);

      store = await FileStore.open(dir, { logger: log.logger });
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
      // One record per cast plus one commit marker per batch: nothing written twice.
      expect(after.records - before.records).toBe(200 + batches);
    });

    it('close() waits for queued casts, and they are all on disk afterwards', async () => {
      const meeting = await createMeeting(store, 60);
      const ballotId = await openBallot(store, meeting);
      const pending = Array.from({ length: 50 }, (_, i) => store.cast(meeting.meetingId, castRequest(ballotId, i + 1, 'yes')));
      await store.close();
      expect((await Promise.all(pending)).every((o) => o.status === 'recorded')).toBe(true);
      await expect(store.listMeetings()).rejects.toBeInstanceOf(StoreClosedError);
      store = await FileStore.open(dir, { logger: log.logger });
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
      expect((await store.readVotes(meeting.meetingId)).participations).toEqual([]);
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
      store = await FileStore.open(dir, { logger: log.logger });
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
      store = await FileStore.open(dir, { logger: log.logger });
    });

    it('takes over a lock left by a process that died', async () => {
      await store.close();
      const gone = exitedChild('true', []);
      await gone.exited;
      await writeFile(join(dir, 'LOCK'), `${gone.pid}\n`);
      log = recordingLogger();
      store = await FileStore.open(dir, { logger: log.logger });
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

      store = await FileStore.open(dir, { logger: log.logger });
      expect(store.damaged()).toEqual([]);
      const votes = await store.readVotes(meeting.meetingId);
      const register = votes.participations.filter((p) => p.ballotId === ballotId);
      const receipts = register.map((p) => p.receiptId);
      expect(new Set(receipts).size).toBe(receipts.length);
      for (const receipt of acked.values()) expect(receipts).toContain(receipt);
      expect(papers(votes.boxes[ballotId])).toBe(register.length);
      // A delegate whose ack was lost retries and gets the first answer, never a second count.
      const [someSeat] = acked.keys();
      const retry = await store.cast(meeting.meetingId, castRequest(ballotId, someSeat ?? 0, choiceOf(someSeat ?? 0)));
      expect(retry).toMatchObject({ status: 'duplicate', voted: register.length });
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

      store = await FileStore.open(dir, { logger: log.logger });
      expect(store.damaged()).toEqual([]);
      const votes = await store.readVotes(meeting.meetingId);
      expect(votes.participations.map((p) => Number(p.seatId.slice('seat-'.length)))).toEqual(acked);
      expect(papers(votes.boxes[ballotId])).toBe(acked.length);
      // The failed cast's outcome was unknown to its delegate; the retry settles it, once.
      const failedSeat = acked.length + 1;
      expect(await store.cast(meeting.meetingId, castRequest(ballotId, failedSeat, choiceOf(failedSeat)))).toMatchObject({
        status: 'recorded',
        voted: acked.length + 1,
      });
      expect((await store.readVotes(other.meetingId)).boxes[otherBallot]).toEqual({ yes: 1 });
    });
  });
});
