import type { BallotBox } from '../../../shared/domain/ballots/kinds';
import { gateChanges, type GateChange } from '../../../shared/domain/gate';
import type { MeetingEvent } from '../../../shared/domain/meeting';
import { createLogger, type Logger } from '../../logger';
import type {
  AppendResult,
  CastOutcome,
  CastRequest,
  MeetingArchive,
  MeetingStore,
  VoteRecords,
} from '../types';
import { InvalidStoreInputError } from '../errors';
import { AofCompaction } from './aof-compaction';
import { RedisConnection, type RedisConnectionOptions } from './connection';
import { planImport } from './import-plan';
import { assertStoreId, assertToken, assertVersion, eventsProblem } from './input-checks';
import { EVENT_FIELD, logEntryId, MEETINGS_KEY, meetingKeys } from './keys';
import { decodeParticipation, type SequencedParticipation } from './participation-codec';
import { ScriptRunner } from './script-runner';
import { SCRIPTS } from './scripts/index';

export interface RedisStoreOptions extends RedisConnectionOptions {
  /** Where the store reports what it does not throw: connection lost/restored, AOF rewrites. */
  logger?: Logger;
}

function gateArgs(change: GateChange): string[] {
  if (change.type === 'shut') return ['shut', change.ballotId, '', '', ''];
  const deadline = change.deadline === null ? '' : String(change.deadline);
  return ['open', change.ballotId, deadline, change.named ? '1' : '0', change.lastCounts ? '1' : '0'];
}

/** A flat HGETALL reply [field, value, field, value, …] as pairs. */
function pairs(flat: unknown): [string, string][] {
  const list = flat as string[];
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < list.length; i += 2) out.push([list[i] as string, list[i + 1] as string]);
  return out;
}

/**
 * The cluster-mode MeetingStore: Redis Streams for the log, Lua for the atomic conditional
 * append and the atomic cast, every key of a meeting in one hash slot (see keys.ts).
 *
 * Durability: acks are durable when Redis runs with `appendonly yes` and `appendfsync always`
 * (Redis fsyncs the AOF before it sends the reply). The store does not check the server's
 * configuration; deploy/ sets it.
 *
 * Failures: a lost connection is re-established by itself (see connection.ts); until then each
 * call fails within commandTimeoutMs with StoreUnavailableError. Bad ids and malformed input
 * throw InvalidStoreInputError before anything is sent.
 */
export class RedisStore implements MeetingStore {
  private constructor(
    private readonly connection: RedisConnection,
    private readonly scripts: ScriptRunner,
    private readonly compaction: AofCompaction,
  ) {}

  static async connect(url: string, options: RedisStoreOptions = {}): Promise<RedisStore> {
    const logger = (options.logger ?? createLogger('warn')).child({ component: 'redis-store' });
    const connection = await RedisConnection.open(url, logger, options);
    const scripts = new ScriptRunner(connection);
    try {
      await scripts.loadAll();
    } catch (error) {
      await connection.close();
      throw error;
    }
    return new RedisStore(connection, scripts, new AofCompaction(connection, logger));
  }

  /** Whether the connection is up right now (for health checks; calls do not need it). */
  get connected(): boolean {
    return this.connection.ready;
  }

  async listMeetings(): Promise<string[]> {
    const ids = ((await this.connection.send(['SMEMBERS', MEETINGS_KEY])) as string[]).sort();
    // An id is registered just before its first append; keep only those whose log was written.
    const exists = await Promise.all(ids.map((id) => this.connection.send(['EXISTS', meetingKeys(id).version])));
    return ids.filter((_, i) => exists[i] === 1);
  }

  async append(meetingId: string, expectedVersion: number, events: MeetingEvent[]): Promise<AppendResult> {
    assertStoreId('meetingId', meetingId);
    assertVersion('expectedVersion', expectedVersion);
    const problem = eventsProblem(expectedVersion, events);
    if (problem) {
      // As in the file store, a stale expectedVersion is a conflict before it is bad input.
      const version = Number((await this.connection.send(['GET', meetingKeys(meetingId).version])) ?? 0);
      if (version !== expectedVersion) return { ok: false, reason: 'conflict', version };
      throw new InvalidStoreInputError(problem);
    }
    const changes = gateChanges(events);
    const keys = meetingKeys(meetingId);
    const encoded = events.map((event) => JSON.stringify(event));

    // The registry is outside the meeting's slot, so it cannot join the script (cluster rule).
    if (expectedVersion === 0) await this.connection.send(['SADD', MEETINGS_KEY, meetingId]);
    const reply = (await this.scripts.run(
      SCRIPTS.append,
      [keys.log, keys.version, keys.ballots, ...changes.map((change) => keys.gate(change.ballotId))],
      [String(expectedVersion), String(encoded.length), ...encoded, ...changes.flatMap(gateArgs)],
    )) as [number, number, number?];
    const [appended, version, anonymousShut] = reply;
    if (appended !== 1) return { ok: false, reason: 'conflict', version };
    if (anonymousShut) this.compaction.request();
    return { ok: true, version };
  }

  async readEvents(meetingId: string, afterVersion: number): Promise<MeetingEvent[]> {
    assertStoreId('meetingId', meetingId);
    assertVersion('afterVersion', afterVersion);
    // Entry ids are `<version>-0`, so the range starts right at the first new event.
    const entries = (await this.connection.send([
      'XRANGE',
      meetingKeys(meetingId).log,
      logEntryId(afterVersion + 1),
      '+',
    ])) as [string, string[]][];
    return entries.map(([id, fields]) => {
      const at = fields.indexOf(EVENT_FIELD);
      const json = at >= 0 ? fields[at + 1] : undefined;
      if (json === undefined) throw new Error(`log entry ${id} of meeting ${meetingId} has no event`);
      return JSON.parse(json) as MeetingEvent;
    });
  }

  async cast(meetingId: string, request: CastRequest): Promise<CastOutcome> {
    assertStoreId('meetingId', meetingId);
    assertStoreId('ballotId', request.ballotId);
    assertStoreId('seatId', request.seatId);
    assertToken('idempotencyKey', request.idempotencyKey);
    assertToken('receiptId', request.receiptId);
    assertToken('choiceKey', request.choiceKey);
    const keys = meetingKeys(meetingId);
    const reply = (await this.scripts.run(
      SCRIPTS.cast,
      [
        keys.version,
        keys.gate(request.ballotId),
        keys.voters(request.ballotId),
        keys.box(request.ballotId),
        keys.castSeq,
        keys.usedKeys(request.ballotId),
      ],
      [request.seatId, request.idempotencyKey, request.receiptId, request.choiceKey],
    )) as [string, string, string | number];
    const [status, detail, extra] = reply;
    if (status === 'recorded' || status === 'duplicate') {
      const { participation } = decodeParticipation(request.ballotId, request.seatId, detail);
      return { status, participation, voted: Number(extra) };
    }
    if (status === 'replaced') {
      const { participation } = decodeParticipation(request.ballotId, request.seatId, detail);
      return { status: 'recorded', participation, voted: Number(extra), replaced: true };
    }
    if (status === 'rejected' && (detail === 'BALLOT_NOT_OPEN' || detail === 'ALREADY_VOTED' || detail === 'UNKNOWN_MEETING')) {
      return { status: 'rejected', code: detail, message: String(extra) };
    }
    throw new Error(`unexpected reply from the cast script: ${JSON.stringify(reply)}`);
  }

  async readVotes(meetingId: string): Promise<VoteRecords> {
    assertStoreId('meetingId', meetingId);
    const keys = meetingKeys(meetingId);
    const ballotIds = ((await this.connection.send(['SMEMBERS', keys.ballots])) as string[]).sort();
    const records: VoteRecords = { participations: [], boxes: {} };
    if (ballotIds.length === 0) return records;
    const reply = (await this.scripts.run(
      SCRIPTS.readVotes,
      ballotIds.flatMap((ballotId) => [keys.voters(ballotId), keys.box(ballotId)]),
      [],
    )) as unknown[];
    const register: SequencedParticipation[] = [];
    ballotIds.forEach((ballotId, i) => {
      for (const [seatId, stored] of pairs(reply[2 * i])) register.push(decodeParticipation(ballotId, seatId, stored));
      const box: BallotBox = {};
      for (const [choiceKey, count] of pairs(reply[2 * i + 1])) box[choiceKey] = Number(count);
      records.boxes[ballotId] = box;
    });
    register.sort((a, b) => a.seq - b.seq);
    records.participations = register.map((entry) => entry.participation);
    return records;
  }

  async importMeeting(archive: MeetingArchive): Promise<{ ok: true } | { ok: false; reason: 'exists' }> {
    const plan = planImport(archive);
    await this.connection.send(['SADD', MEETINGS_KEY, archive.meetingId]);
    const written = await this.scripts.run(SCRIPTS.importMeeting, plan.keys, plan.args);
    return written === 1 ? { ok: true } : { ok: false, reason: 'exists' };
  }

  async close(): Promise<void> {
    this.compaction.stop();
    await this.connection.close();
  }
}
