import type { BallotBox } from '../../../shared/domain/ballots/kinds';
import type { MeetingEvent, RegisterEntry } from '../../../shared/domain/meeting';
import { createLogger, type Logger } from '../../logger';
import type { BallotKeyring } from '../../secrecy/ballot-keys';
import type {
  AppendResult,
  StoredCast,
  CastRequest,
  MeetingArchive,
  MeetingStore,
  VoteRecords,
} from '../types';
import { InvalidStoreInputError } from '../errors';
import { AofCompaction } from './aof-compaction';
import { promiseOf } from '../../reply';
import type { CastWaiter } from '../cast-waiter';
import { CastBatches } from './cast-batches';
import { RedisCasts } from './redis-casts';
import { appendCall } from './append-call';
import { RedisConnection, type RedisConnectionOptions } from './connection';
import { planImport } from './import-plan';
import { assertStoreId, assertVersion, eventsProblem } from './input-checks';
import { EVENT_FIELD, logEntryId, MEETINGS_KEY, meetingKeys } from './keys';
import { decodeRegisterEntry, type SequencedRegisterEntry } from './register-entry-codec';
import { SealedBallots } from './sealed-ballots';
import type { StoreObserver } from '../observer';
import type { HeldRegister } from '../register-digest';
import { ScriptRunner } from './script-runner';
import { SCRIPTS, type LuaScript } from './scripts/index';

/** Runs a write script with the meeting store's replica ack (RedisStore.runWrite). */
export type AckedWrite = (script: LuaScript, keys: readonly string[], args: readonly string[]) => Promise<unknown>;

export interface RedisStoreOptions extends RedisConnectionOptions {
  /** Where the store reports what it does not throw: connection lost/restored, AOF rewrites. */
  logger?: Logger;
  /**
   * BALLOT_KEY's keyring: wraps each secret ballot's key (server/secrecy/). Every node of a
   * cluster, and every restart, must have the same one, or no node can seal or tally a ballot
   * another opened.
   */
  keyring: BallotKeyring;
  /** Script round trips and replica waits for the metrics (server/metrics.ts). */
  observer?: StoreObserver;
  /** How often to look for a replica whose AOF was not rewritten since the last tally (aof-compaction.ts; tests). */
  aofSweepMs?: number;
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
 * Secret ballots (invariant 4): their papers reach Redis only sealed, their boxes only as sorted
 * counts once shut, and readVotes gives no open ballot's box (see sealed-ballots.ts).
 *
 * Failures: a lost connection is re-established by itself (see connection.ts); until then each
 * call fails within commandTimeoutMs with StoreUnavailableError. Bad ids and malformed input
 * throw InvalidStoreInputError before anything is sent.
 */
export class RedisStore implements MeetingStore {
  /** The vote path (castInto). */
  private readonly votes: RedisCasts;

  private constructor(
    private readonly connection: RedisConnection,
    private readonly scripts: ScriptRunner,
    private readonly compaction: AofCompaction,
    private readonly sealed: SealedBallots,
    private readonly logger: Logger,
    private readonly casts: CastBatches,
  ) {
    this.votes = new RedisCasts(sealed, casts);
  }

  /**
   * Runs a write script with the store's replica ack and reload-on-NOSCRIPT, batched with the
   * meetings' writes: for state beside the meetings that must survive a failover as votes do
   * (the staff accounts, server/accounts/redis-store.ts; link tickets, cluster/redis-shared-state.ts).
   */
  runWrite(script: LuaScript, keys: readonly string[], args: readonly string[]): Promise<unknown> {
    return this.scripts.run(script, keys, args);
  }

  static async connect(url: string, options: RedisStoreOptions): Promise<RedisStore> {
    const logger = (options.logger ?? createLogger('warn')).child({ component: 'redis-store' });
    const connection = await RedisConnection.open(url, logger, options);
    const scripts = new ScriptRunner(connection, options.observer ?? {});
    try {
      await scripts.loadAll();
    } catch (error) {
      await connection.close();
      throw error;
    }
    const compaction = new AofCompaction(connection, logger, {
      ...(options.aofSweepMs !== undefined ? { sweepMs: options.aofSweepMs } : {}),
      ...(options.observer ? { observer: options.observer } : {}),
    });
    const sealed = new SealedBallots(connection, scripts, options.keyring, compaction, logger);
    const casts = new CastBatches(scripts, (meetingId, ballotId, recorded) => sealed.joinIntoRun(meetingId, ballotId, recorded));
    return new RedisStore(connection, scripts, compaction, sealed, logger, casts);
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
    // The casts this node took before this append reach Redis before it (cast-batches.ts).
    await this.casts.flushMeeting(meetingId);
    const keysMade = this.sealed.newKeys(meetingId, events);
    const call = appendCall(meetingId, expectedVersion, events, keysMade.sealing);

    // The registry is outside the meeting's slot, so it cannot join the script (cluster rule).
    if (expectedVersion === 0) await this.connection.send(['SADD', MEETINGS_KEY, meetingId]);
    const reply = (await this.scripts.run(SCRIPTS.append, call.keys, call.args)) as [number, number, number?, ...string[]];
    const [appended, version, anonymousShut, ...sealedShut] = reply;
    if (appended !== 1) return { ok: false, reason: 'conflict', version };
    keysMade.commit();
    for (const ballotId of sealedShut) await this.tallyAfterShut(meetingId, ballotId);
    // A secret ballot from before sealed papers has no tally to wait for; its box goes by this rewrite.
    if (anonymousShut && sealedShut.length < anonymousShut) this.compaction.request();
    return { ok: true, version };
  }

  /**
   * The shut is durable whatever happens here: a tally that fails (Redis gone, this node dying)
   * is left to the next readVotes on any node, which finds the papers still waiting.
   */
  private async tallyAfterShut(meetingId: string, ballotId: string): Promise<void> {
    try {
      await this.sealed.tally(meetingId, ballotId);
    } catch (error) {
      this.logger.warn('tally after a secret ballot shut failed; the next read of the votes tallies it', { meetingId, ballotId, error });
    }
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

  /** A cast as a promise (tests, the demo); the vote path is castInto. */
  cast(meetingId: string, request: CastRequest): Promise<StoredCast> {
    return promiseOf((waiter) => this.castInto(meetingId, request, waiter));
  }

  /** The vote path, with no promise per vote (redis-casts.ts). */
  castInto(meetingId: string, request: CastRequest, waiter: CastWaiter): void {
    this.votes.castInto(meetingId, request, waiter);
  }

  /**
   * The register of every ballot, and the boxes of shut ballots only: an open box never leaves
   * the store (invariant 4). A shut secret ballot whose tally has not run yet (its node died
   * between the shut and the tally) is tallied first.
   */
  async readVotes(meetingId: string, only?: readonly string[], held?: ReadonlyMap<string, HeldRegister>): Promise<VoteRecords> {
    assertStoreId('meetingId', meetingId);
    for (const ballotId of only ?? []) assertStoreId('ballotId', ballotId);
    const keys = meetingKeys(meetingId);
    // The script answers 'unknown' for a ballot without a gate: asked-for ids need no SMEMBERS.
    const ballotIds = only ? [...new Set(only)].sort() : ((await this.connection.send(['SMEMBERS', keys.ballots])) as string[]).sort();
    if (ballotIds.length === 0) return { register: [], boxes: {} };
    for (let attempt = 1; ; attempt++) {
      const reply = (await this.scripts.run(
        SCRIPTS.readVotes,
        ballotIds.flatMap((ballotId) => [keys.gate(ballotId), keys.voters(ballotId), keys.box(ballotId)]),
        held ? ballotIds.flatMap((ballotId) => heldArgs(held.get(ballotId))) : [],
      )) as unknown[];
      const untallied = ballotIds.filter((_, i) => reply[3 * i] === 'untallied');
      if (untallied.length > 0 && attempt === 1) {
        for (const ballotId of untallied) await this.sealed.tally(meetingId, ballotId);
        continue;
      }
      if (untallied.length > 0) throw new Error(`ballots ${untallied.join(', ')} of meeting ${meetingId} are still untallied after their tally`);
      return votesFrom(ballotIds, reply);
    }
  }

  /** HLEN of each ballot's register, in one round trip (node-redis pipelines the calls). */
  async readTurnout(meetingId: string, ballotIds: readonly string[]): Promise<number[]> {
    assertStoreId('meetingId', meetingId);
    for (const ballotId of ballotIds) assertStoreId('ballotId', ballotId);
    const keys = meetingKeys(meetingId);
    const counts = await Promise.all(ballotIds.map((ballotId) => this.connection.send(['HLEN', keys.voters(ballotId)])));
    return counts.map(Number);
  }

  /** One ballot's register (HGETALL of its voters hash), in recording order; never a box. */
  async readRegister(meetingId: string, ballotId: string): Promise<RegisterEntry[]> {
    assertStoreId('meetingId', meetingId);
    assertStoreId('ballotId', ballotId);
    const flat = await this.connection.send(['HGETALL', meetingKeys(meetingId).voters(ballotId)]);
    const register = pairs(flat).map(([seatId, stored]) => decodeRegisterEntry(ballotId, seatId, stored));
    register.sort((a, b) => a.seq - b.seq);
    return register.map((sequenced) => sequenced.entry);
  }

  async importMeeting(archive: MeetingArchive): Promise<{ ok: true } | { ok: false; reason: 'exists' }> {
    const plan = planImport(archive);
    await this.connection.send(['SADD', MEETINGS_KEY, archive.meetingId]);
    const written = await this.scripts.run(SCRIPTS.importMeeting, plan.keys, plan.args);
    return written === 1 ? { ok: true } : { ok: false, reason: 'exists' };
  }

  async close(): Promise<void> {
    this.casts.sendAll();
    await this.compaction.stop();
    await this.connection.close();
  }
}

const DIGEST_FORM = /^-?\d{1,10},-?\d{1,10}$/;

/** The read script's two arguments for a ballot: the held register's size and digest, or none. */
function heldArgs(register: HeldRegister | undefined): [string, string] {
  const usable = register && Number.isSafeInteger(register.size) && register.size >= 0 && DIGEST_FORM.test(register.digest);
  return usable ? [String(register.size), register.digest] : ['', ''];
}

/** readVotes' script reply, per ballot [state, register or 'same', box], as VoteRecords. */
function votesFrom(ballotIds: readonly string[], reply: readonly unknown[]): VoteRecords {
  const records: VoteRecords = { register: [], boxes: {} };
  const register: SequencedRegisterEntry[] = [];
  ballotIds.forEach((ballotId, i) => {
    if (reply[3 * i + 1] === 'same') (records.unchanged ??= []).push(ballotId);
    else for (const [seatId, stored] of pairs(reply[3 * i + 1])) register.push(decodeRegisterEntry(ballotId, seatId, stored));
    if (reply[3 * i] !== 'shut') return;
    // Sorted here too: a hash too big for a listpack comes back in hash-table order.
    const box: BallotBox = {};
    const counts = pairs(reply[3 * i + 2]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [choiceKey, count] of counts) box[choiceKey] = Number(count);
    records.boxes[ballotId] = box;
  });
  register.sort((a, b) => a.seq - b.seq);
  records.register = register.map((sequenced) => sequenced.entry);
  return records;
}
