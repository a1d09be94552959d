import { randomUUID } from 'node:crypto';
import { checkCast, type MeetingCommand } from '../shared/domain/decide';
import { acceptsReplacement, addPaper, applyParticipation, applyReplacement, evolve, initialState, participationOf } from '../shared/domain/evolve';
import type { Actor, MeetingEvent, MeetingSpec, MeetingState, Participation } from '../shared/domain/meeting';
import { meetingSpecProblems } from '../shared/domain/roster';
import { gateChanges } from '../shared/domain/gate';
import { errorAck, type ErrorAck } from '../shared/protocol/errors';
import type { CastReceipt } from '../shared/protocol/socket';
import type { Clock } from './clock';
import type { Logger } from './logger';
import { generatePairingCode, hashPairingCode } from './pairing-codes';
import { DeadlineTimers } from './service/deadline-timers';
import { decideAll } from './service/decide-all';
import { applyVotes, foldEvents, foldMeeting } from './service/fold';
import { KeyedQueue } from './service/keyed-queue';
import { PairingIndex } from './service/pairing-index';
import { Quarantine, type QuarantinedMeeting } from './service/quarantine';
import { backOffAfterConflict } from './service/conflict-backoff';
import { storeUnavailable } from './service/store-unavailable';
import { Signal } from './service/signal';
import { MeetingUnavailableError } from './store/errors';
import type { MeetingArchive, MeetingStore } from './store/types';

export type CommandOutcome = { ok: true; state: MeetingState; events: MeetingEvent[] } | ErrorAck;
export type CastOutcome = { ok: true; receipt: CastReceipt; duplicate: boolean } | ErrorAck;

export interface CastInput {
  ballotId: string;
  idempotencyKey: string;
  choice: unknown;
}

export interface MeetingSummary {
  meetingId: string;
  title: string;
  body: MeetingSpec['body'];
  phase: MeetingState['phase'];
  version: number;
  total: number;
}

/** The state moved to a new version. */
export interface ChangeNotice {
  meetingId: string;
  state: MeetingState;
  events: MeetingEvent[];
}
/** A new paper went into a ballot box; `voted` is the store's turnout after it. */
export interface VoteNotice {
  meetingId: string;
  ballotId: string;
  seatId: string;
  voted: number;
}
/** A seat was paired on a new device; tablets with any other deviceId must leave. */
export interface DeviceReplacedNotice {
  meetingId: string;
  seatId: string;
  deviceId: string;
  at: number;
}

export interface MeetingServiceOptions {
  store: MeetingStore;
  clock: Clock;
  logger: Logger;
  /** Conditional appends tried before answering BUSY_RETRY. */
  maxAppendAttempts?: number;
}

/** The countdown closes ballots in the log under this name. */
export const COUNTDOWN_ACTOR: Actor = { role: 'system', name: 'countdown' };
const PAIRING_ACTOR: Actor = { role: 'delegate', name: 'pairing' };
/** Retry a deadline close that failed on the store after this long. */
const DEADLINE_RETRY_MS = 1000;
/** Cast rejections that another node's newer events could explain. */
const STALE_CACHE_CODES = new Set(['NOT_SIGNED_IN', 'BALLOT_NOT_OPEN', 'UNKNOWN_BALLOT']);

/**
 * Holds each meeting's state (the fold of its log), runs commands through decide → conditional
 * append → evolve one at a time per meeting, records casts through the store's atomic cast, and
 * tells listeners what changed. It owns no sockets and no HTTP.
 */
export class MeetingService {
  readonly changed: Signal<ChangeNotice>;
  readonly voted: Signal<VoteNotice>;
  readonly deviceReplaced: Signal<DeviceReplacedNotice>;

  private readonly store: MeetingStore;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly maxAppendAttempts: number;
  private readonly cache = new Map<string, MeetingState>();
  private readonly loading = new Map<string, Promise<MeetingState | null>>();
  private readonly queue = new KeyedQueue();
  private readonly pairing = new PairingIndex();
  private readonly quarantine = new Quarantine();
  private readonly deadlines: DeadlineTimers;
  private stopped = false;

  constructor(options: MeetingServiceOptions) {
    this.store = options.store;
    this.clock = options.clock;
    this.logger = options.logger;
    this.maxAppendAttempts = options.maxAppendAttempts ?? 12;
    const reportListenerError = (err: unknown) => this.logger.error('listener failed', { err });
    this.changed = new Signal(reportListenerError);
    this.voted = new Signal(reportListenerError);
    this.deviceReplaced = new Signal(reportListenerError);
    this.deadlines = new DeadlineTimers(this.clock, (meetingId, ballotId) => void this.closeAtDeadline(meetingId, ballotId));
  }

  now(): number {
    return this.clock.now();
  }

  /** Loads every meeting (which arms countdowns and the pairing index) and closes overdue ballots. */
  async start(): Promise<void> {
    const ids = await this.io('list meetings', () => this.store.listMeetings());
    // One bad meeting never stops the others (invariant 6): a log that does not fold is
    // quarantined by load(); one the store could not read is tried again on first use.
    for (const id of ids) {
      try {
        await this.stateOf(id);
      } catch (err) {
        if (!this.quarantine.has(id)) this.logger.error('meeting could not be loaded at start; will retry on first use', { meetingId: id, err });
      }
    }
    await this.closeOverdueBallots();
  }

  /** Meetings not served because their log does not fold into a consistent state (GET /api/health). */
  quarantinedMeetings(): QuarantinedMeeting[] {
    const mine = this.quarantine.list();
    // A journal the file store found damaged is never listed to the service: ask the store too.
    const byStore = (this.store.damaged?.() ?? []).filter((d) => !this.quarantine.has(d.meetingId));
    return [...mine, ...byStore.map((d) => ({ meetingId: d.meetingId, reason: d.reason, since: null }))];
  }

  stop(): void {
    this.stopped = true;
    this.deadlines.clear();
  }

  /** The cached state, loading it from the store on first use; null if there is no such meeting. */
  async stateOf(meetingId: string): Promise<MeetingState | null> {
    const cached = this.cache.get(meetingId);
    if (cached) return cached;
    if (this.quarantine.has(meetingId)) throw this.quarantine.refusal(meetingId);
    let pending = this.loading.get(meetingId);
    if (!pending) {
      pending = this.load(meetingId).finally(() => this.loading.delete(meetingId));
      this.loading.set(meetingId, pending);
    }
    return pending;
  }

  /** The cached state only, for synchronous fan-out; undefined if not loaded. */
  cachedState(meetingId: string): MeetingState | undefined {
    return this.cache.get(meetingId);
  }

  async listMeetings(): Promise<MeetingSummary[]> {
    const ids = await this.io('list meetings', () => this.store.listMeetings());
    const summaries: MeetingSummary[] = [];
    for (const id of ids) {
      if (this.quarantine.has(id)) continue;
      const state = await this.stateOf(id);
      if (!state) continue;
      summaries.push({
        meetingId: id,
        title: state.spec.title,
        body: state.spec.body,
        phase: state.phase,
        version: state.version,
        total: state.total,
      });
    }
    return summaries;
  }

  async createMeeting(spec: MeetingSpec, actor: Actor): Promise<{ ok: true; state: MeetingState } | ErrorAck> {
    const meetingId = spec.meetingId;
    // Two seats or items under one id would make a roster the fold cannot hold (invariant 6).
    const problems = meetingSpecProblems(spec);
    if (problems.length > 0) return errorAck('BAD_REQUEST', problems.join('; '), { problems });
    return this.queue.run(meetingId, async () => {
      const created: MeetingEvent = { type: 'MeetingCreated', at: this.clock.now(), by: actor, spec };
      const appended = await this.io('append', () => this.store.append(meetingId, 0, [created]), meetingId);
      if (!appended.ok) return errorAck('BAD_REQUEST', `a meeting with id ${meetingId} already exists`, { exists: true });
      const state = initialState(spec);
      this.cache.set(meetingId, state);
      this.afterEvents(meetingId, state, state, [created]);
      return { ok: true as const, state };
    });
  }

  /** Runs commands as one unit: decide → conditional append → evolve → notify. */
  execute(meetingId: string, commands: readonly MeetingCommand[], actor: Actor): Promise<CommandOutcome> {
    return this.queue.run(meetingId, () => this.executeNow(meetingId, commands, actor));
  }

  /** The vote path: check on the cache, then one atomic, durable store operation. */
  async cast(meetingId: string, seatId: string, input: CastInput): Promise<CastOutcome> {
    let state = await this.stateOf(meetingId);
    if (!state) return errorAck('MEETING_NOT_FOUND', `no meeting ${meetingId}`);

    // A retry of a vote already on record gets the first answer, even after the ballot closed.
    const earlier = participationOf(state, input.ballotId, seatId);
    // On a last_counts ballot a new paper may replace the seat's own; the store decides atomically.
    const replacing = earlier !== undefined && earlier.idempotencyKey !== input.idempotencyKey && acceptsReplacement(state, input.ballotId);
    if (earlier && !replacing) return answerFromRegister(earlier, input.idempotencyKey);

    let check = checkCast(state, input.ballotId, seatId, input.choice, this.clock.now());
    if (!check.ok && STALE_CACHE_CODES.has(check.code)) {
      // Another node may have signed this seat in or opened the ballot; look once.
      state = (await this.refresh(meetingId)) ?? state;
      check = checkCast(state, input.ballotId, seatId, input.choice, this.clock.now());
    }
    if (!check.ok) return errorAck(check.code, check.message);
    const choiceKey = check.choiceKey;

    const outcome = await this.io(
      'record the vote',
      () =>
        this.store.cast(meetingId, {
          ballotId: input.ballotId,
          seatId,
          idempotencyKey: input.idempotencyKey,
          receiptId: randomUUID(),
          choiceKey,
        }),
      meetingId,
    );
    switch (outcome.status) {
      case 'rejected':
        return errorAck(outcome.code === 'UNKNOWN_MEETING' ? 'MEETING_NOT_FOUND' : outcome.code, outcome.message);
      case 'recorded':
        if (outcome.replaced) this.replaceInCache(meetingId, outcome.participation, choiceKey);
        else this.recordInCache(meetingId, outcome.participation, choiceKey);
        this.voted.emit({ meetingId, ballotId: input.ballotId, seatId, voted: outcome.voted });
        return { ok: true, receipt: receiptOf(outcome.participation), duplicate: false };
      case 'duplicate':
        // The paper's choice is not known here (the retry may differ); the box is re-read at close.
        this.recordInCache(meetingId, outcome.participation, null);
        return { ok: true, receipt: receiptOf(outcome.participation), duplicate: true };
    }
  }

  /** Issues a fresh code for each seat (all seats when `seatIds` is omitted); returns the codes once. */
  async issuePairingCodes(
    meetingId: string,
    seatIds: readonly string[] | undefined,
    actor: Actor,
  ): Promise<{ ok: true; codes: { seatId: string; code: string }[]; pendingRequestIds: string[] } | ErrorAck> {
    const state = await this.stateOf(meetingId);
    if (!state) return errorAck('MEETING_NOT_FOUND', `no meeting ${meetingId}`);
    const seats = [...new Set(seatIds ?? state.spec.delegates.map((d) => d.seatId))];
    const codes = seats.map((seatId) => ({ seatId, code: generatePairingCode() }));
    const commands = codes.map(
      ({ seatId, code }): MeetingCommand => ({ type: 'IssuePairingCode', seatId, codeHash: hashPairingCode(code) }),
    );
    const outcome = await this.execute(meetingId, commands, actor);
    if (!outcome.ok) return outcome;
    // Two-person rule: while a ballot is open the codes work only once a chair approves them.
    const pendingRequestIds = outcome.events.flatMap((e) => (e.type === 'ChangeRequested' ? [e.requestId] : []));
    return { ok: true, codes, pendingRequestIds };
  }

  /** Redeems a seat card's code for `deviceId`; the meeting is found from the code alone. */
  async pairDevice(code: string, deviceId: string): Promise<{ ok: true; meetingId: string; seatId: string } | ErrorAck> {
    const codeHash = hashPairingCode(code);
    let meetingId = this.pairing.meetingFor(codeHash);
    if (!meetingId) {
      // Another node may have issued the code a moment ago (cluster mode): read the logs once.
      await this.catchUpAll();
      meetingId = this.pairing.meetingFor(codeHash);
    }
    if (!meetingId) return errorAck('PAIRING_CODE_INVALID', 'this pairing code is unknown or has already been used');
    const outcome = await this.execute(meetingId, [{ type: 'PairDevice', codeHash, deviceId }], PAIRING_ACTOR);
    if (!outcome.ok) return outcome;
    const paired = outcome.events.find((e) => e.type === 'DevicePaired');
    if (!paired) throw new Error('PairDevice was accepted without a DevicePaired event');
    return { ok: true, meetingId, seatId: paired.seatId };
  }

  /**
   * Whether `deviceId` is the seat's paired device. On a mismatch the log is read once more,
   * since the pairing may have happened on another node.
   */
  async isCurrentDevice(meetingId: string, seatId: string, deviceId: string): Promise<boolean> {
    const cached = await this.stateOf(meetingId);
    if (cached?.seats.get(seatId)?.deviceId === deviceId) return true;
    const fresh = await this.refresh(meetingId);
    return fresh?.seats.get(seatId)?.deviceId === deviceId;
  }

  /** Same as isCurrentDevice, from the cache only: the per-event check on a live socket. */
  isCurrentDeviceCached(meetingId: string, seatId: string, deviceId: string): boolean {
    return this.cache.get(meetingId)?.seats.get(seatId)?.deviceId === deviceId;
  }

  async exportMeeting(meetingId: string): Promise<MeetingArchive | null> {
    const events = await this.io('read the log', () => this.store.readEvents(meetingId, 0), meetingId);
    if (events.length === 0) return null;
    const votes = await this.io('read the votes', () => this.store.readVotes(meetingId), meetingId);
    // Invariant 4: an export never carries an open box. The store returns shut boxes only; the
    // log read before the votes is checked again here, so no store can slip one through.
    const shut = new Set(gateChanges(events).flatMap((change) => (change.type === 'shut' ? [change.ballotId] : [])));
    const boxes = Object.fromEntries(Object.entries(votes.boxes).filter(([ballotId]) => shut.has(ballotId)));
    return { meetingId, events, votes: { participations: votes.participations, boxes } };
  }

  /**
   * Cluster hook: another node appended up to `version`. Reads the events this node has not
   * seen; a meeting not loaded here is read whole on first use anyway.
   */
  followVersion(meetingId: string, version: number): Promise<void> {
    return this.following('version', meetingId, async () => {
      const behind = () => (this.cache.get(meetingId)?.version ?? version) < version;
      if (!behind()) return;
      // A burst of notices queues many of these; the first read takes them all, the rest skip.
      await this.queue.run(meetingId, async () => {
        if (behind()) await this.catchUp(meetingId);
      });
    });
  }

  /** Runs a cluster notice handler; nothing a notice carries may throw out of it (invariant 6). */
  private async following(what: string, meetingId: string, handle: () => Promise<void>): Promise<void> {
    try {
      await handle();
    } catch (err) {
      const unavailable = this.quarantine.has(meetingId);
      if (!unavailable) this.logger.warn('could not follow a cluster notice; the next read catches up', { what, meetingId, err });
    }
  }

  /**
   * Cluster hook: another node recorded `participation` (never its paper: boxes are re-read
   * from the store at close). `voted` is the store's turnout after that cast.
   */
  followCast(meetingId: string, participation: Participation, voted: number): Promise<void> {
    return this.following('cast', meetingId, async () => {
      let state = this.cache.get(meetingId);
      if (!state) return;
      // The ballot may have been opened by events this node has not read yet.
      if (!state.voters.has(participation.ballotId)) state = (await this.refresh(meetingId)) ?? undefined;
      // A notice about a ballot or seat this meeting does not have is not a vote of it.
      if (!state?.voters.has(participation.ballotId) || !state.seats.has(participation.seatId)) return;
      this.recordInCache(meetingId, { ...participation, choiceKey: null }, null);
      this.voted.emit({ meetingId, ballotId: participation.ballotId, seatId: participation.seatId, voted });
    });
  }

  /**
   * Cluster hook after notices may have been missed (the notice channel reconnected): reads
   * every loaded meeting's new events and the whole register of who voted again.
   */
  async resyncAll(): Promise<void> {
    for (const meetingId of [...this.cache.keys()]) {
      await this.queue.run(meetingId, async () => {
        try {
          await this.catchUp(meetingId);
        } catch (err) {
          // A meeting quarantined by this read stays out of service; the others resync.
          if (this.quarantine.has(meetingId)) return;
          throw err;
        }
        const votes = await this.io('read the votes', () => this.store.readVotes(meetingId), meetingId);
        const current = this.cache.get(meetingId);
        if (!current) return;
        const next = applyVotes(current, { participations: votes.participations, boxes: {} });
        if (next === current) return;
        this.cache.set(meetingId, next);
        this.changed.emit({ meetingId, state: next, events: [] });
      });
    }
  }

  /** Reads what this node has not seen of every meeting in the store, loading new ones. */
  private async catchUpAll(): Promise<void> {
    const ids = await this.io('list meetings', () => this.store.listMeetings());
    for (const id of ids) {
      if (this.quarantine.has(id)) continue;
      if (this.cache.has(id)) await this.refresh(id);
      else await this.stateOf(id);
    }
  }

  /** Closes every open ballot whose countdown has ended (at startup, and after a missed timer). */
  async closeOverdueBallots(): Promise<void> {
    const now = this.clock.now();
    for (const [meetingId, state] of this.cache) {
      for (const ballotId of state.ballotOrder) {
        const ballot = state.ballots.get(ballotId);
        if (ballot?.status === 'open' && ballot.deadline !== null && ballot.deadline <= now) {
          await this.closeAtDeadline(meetingId, ballotId);
        }
      }
    }
  }

  private async load(meetingId: string): Promise<MeetingState | null> {
    const events = await this.loadRead(meetingId, 'read the log', () => this.store.readEvents(meetingId, 0));
    if (events.length === 0) return null;
    // Votes on ballots opened after this read are skipped by the fold; the close re-reads them.
    const votes = await this.loadRead(meetingId, 'read the votes', () => this.store.readVotes(meetingId));
    let state: MeetingState | null;
    try {
      state = foldMeeting(events, votes);
    } catch (err) {
      throw this.quarantined(meetingId, err);
    }
    if (!state) return null;
    const raced = this.cache.get(meetingId);
    if (raced) return raced;
    this.cache.set(meetingId, state);
    this.pairing.update(state);
    for (const ballotId of state.ballotOrder) {
      const ballot = state.ballots.get(ballotId);
      if (ballot?.status === 'open' && ballot.deadline !== null) this.deadlines.schedule(meetingId, ballotId, ballot.deadline);
    }
    this.logger.debug('meeting loaded', { meetingId, version: state.version });
    return state;
  }

  private async executeNow(meetingId: string, commands: readonly MeetingCommand[], actor: Actor): Promise<CommandOutcome> {
    if (!(await this.stateOf(meetingId))) return errorAck('MEETING_NOT_FOUND', `no meeting ${meetingId}`);
    for (let attempt = 1; ; attempt++) {
      // Re-read the cache each attempt: casts may have added to the register meanwhile.
      const state = this.cache.get(meetingId);
      if (!state) return errorAck('MEETING_NOT_FOUND', `no meeting ${meetingId}`);
      const decision = decideAll(state, commands, { actor, now: this.clock.now() });
      if (!decision.ok) return errorAck(decision.code, decision.message, decision.details);
      if (decision.events.length === 0) return { ok: true, state, events: [] };

      const appended = await this.io('append', () => this.store.append(meetingId, state.version, decision.events), meetingId);
      if (appended.ok) {
        const next = await this.advance(meetingId, decision.events);
        return { ok: true, state: next, events: decision.events };
      }
      if (attempt >= this.maxAppendAttempts) {
        this.logger.warn('append kept conflicting', { meetingId, attempts: attempt });
        return errorAck('BUSY_RETRY', 'the meeting is changing quickly; try again');
      }
      // Another node appended first: let it finish, take its events and decide again.
      await backOffAfterConflict(attempt);
      await this.catchUp(meetingId);
    }
  }

  /** Reads events this node has not seen yet, through the meeting's queue. */
  private async refresh(meetingId: string): Promise<MeetingState | null> {
    return this.queue.run(meetingId, async () => {
      if (!(await this.stateOf(meetingId))) return null;
      return this.catchUp(meetingId);
    });
  }

  private async catchUp(meetingId: string): Promise<MeetingState | null> {
    const state = this.cache.get(meetingId);
    if (!state) return this.stateOf(meetingId);
    const events = await this.io('read the log', () => this.store.readEvents(meetingId, state.version), meetingId);
    if (events.length === 0) return state;
    try {
      foldEvents(state, events);
    } catch (err) {
      // Events another node appended that this fold cannot take: stop serving, never crash.
      this.cache.delete(meetingId);
      throw this.quarantined(meetingId, err);
    }
    return this.advance(meetingId, events);
  }

  /** A store read while loading: a meeting the store itself found damaged is quarantined like one that does not fold. */
  private async loadRead<T>(meetingId: string, what: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (err) {
      if (err instanceof MeetingUnavailableError) throw this.quarantined(meetingId, err.reason);
      this.logger.error('store operation failed', { op: what, meetingId, err });
      throw storeUnavailable(what, err);
    }
  }

  /** Takes a meeting whose log does not fold out of service, says so loudly, and returns the caller's refusal. */
  private quarantined(meetingId: string, err: unknown): Error {
    const reason = err instanceof Error ? err.message : String(err);
    this.quarantine.add(meetingId, reason, this.clock.now());
    this.deadlines.cancelMeeting(meetingId);
    this.logger.error('meeting quarantined: its log does not fold into a consistent state; not serving it', { meetingId, reason, err });
    return this.quarantine.refusal(meetingId);
  }

  /** Folds new events into the cache, takes the durable box of any ballot they close, then notifies. */
  private async advance(meetingId: string, events: readonly MeetingEvent[]): Promise<MeetingState> {
    const before = this.cache.get(meetingId);
    if (!before) throw new Error(`advance on unloaded meeting ${meetingId}`);
    let next = before;
    for (const event of events) next = evolve(next, event);
    this.cache.set(meetingId, next);

    const closed = new Set(events.flatMap((e) => (e.type === 'BallotClosed' ? [e.ballotId] : [])));
    if (closed.size > 0) {
      // The store's box is authoritative; the cached one only saw this node's casts.
      try {
        const votes = await this.store.readVotes(meetingId);
        next = applyVotes(this.cache.get(meetingId) ?? next, votes, closed);
        this.cache.set(meetingId, next);
      } catch (err) {
        // The close is durable; drop the cache so the next use re-reads everything.
        this.logger.error('could not re-read votes after close; reloading later', { meetingId, err });
        this.cache.delete(meetingId);
      }
    }
    this.afterEvents(meetingId, before, next, events);
    return next;
  }

  private afterEvents(meetingId: string, before: MeetingState, after: MeetingState, events: readonly MeetingEvent[]): void {
    let codesChanged = false;
    for (const event of events) {
      switch (event.type) {
        case 'PairingCodeIssued':
          codesChanged = true;
          break;
        case 'DevicePaired': {
          codesChanged = true;
          const previous = before.seats.get(event.seatId)?.deviceId ?? null;
          if (previous !== null && previous !== event.deviceId) {
            this.deviceReplaced.emit({ meetingId, seatId: event.seatId, deviceId: event.deviceId, at: event.at });
          }
          break;
        }
        case 'BallotOpened':
          if (event.deadline !== null && !this.stopped) this.deadlines.schedule(meetingId, event.spec.ballotId, event.deadline);
          break;
        case 'BallotClosed':
        case 'BallotVoided':
          this.deadlines.cancel(meetingId, event.ballotId);
          break;
        default:
          break;
      }
    }
    if (codesChanged) this.pairing.follow(before, after, events);
    this.changed.emit({ meetingId, state: after, events: [...events] });
  }

  /** A last_counts paper replaced the seat's earlier one (pressRule last_counts). */
  private replaceInCache(meetingId: string, participation: Participation, choiceKey: string): void {
    const current = this.cache.get(meetingId);
    if (current) this.cache.set(meetingId, applyReplacement(current, participation, choiceKey));
  }

  private recordInCache(meetingId: string, participation: Participation, choiceKey: string | null): void {
    const current = this.cache.get(meetingId);
    if (!current || participationOf(current, participation.ballotId, participation.seatId)) return;
    let next = applyParticipation(current, participation);
    // Once closed, the box was replaced by the store's, which already holds this paper. A secret
    // ballot's box is never kept open here (invariant 4): it arrives from the store at close.
    const ballot = current.ballots.get(participation.ballotId);
    if (choiceKey !== null && ballot?.status === 'open' && ballot.spec.secrecy === 'named') {
      next = addPaper(next, participation.ballotId, choiceKey);
    }
    this.cache.set(meetingId, next);
  }

  private async closeAtDeadline(meetingId: string, ballotId: string): Promise<void> {
    if (this.stopped) return;
    try {
      const outcome = await this.execute(meetingId, [{ type: 'CloseBallot', ballotId, reason: 'deadline' }], COUNTDOWN_ACTOR);
      if (outcome.ok) {
        this.logger.info('ballot closed at deadline', { meetingId, ballotId });
      } else if (outcome.code === 'DEADLINE_NOT_REACHED') {
        // The timer fired a moment early by this clock; wait for the real deadline.
        const deadline = this.cache.get(meetingId)?.ballots.get(ballotId)?.deadline;
        if (deadline != null && !this.stopped) this.deadlines.schedule(meetingId, ballotId, deadline);
      } else if (outcome.code !== 'BALLOT_NOT_OPEN' && outcome.code !== 'UNKNOWN_BALLOT') {
        this.logger.warn('could not close ballot at deadline', { meetingId, ballotId, code: outcome.code });
      }
    } catch (err) {
      this.logger.error('closing at deadline failed; will retry', { meetingId, ballotId, err });
      if (!this.stopped) this.deadlines.schedule(meetingId, ballotId, this.clock.now() + DEADLINE_RETRY_MS);
    }
  }

  /** Runs a store operation; a failure becomes STORE_UNAVAILABLE for the caller and a log line. */
  private async io<T>(what: string, operation: () => Promise<T>, meetingId?: string): Promise<T> {
    try {
      return await operation();
    } catch (err) {
      this.logger.error('store operation failed', { op: what, meetingId, err });
      throw storeUnavailable(what, err);
    }
  }
}

function receiptOf(p: Participation): CastReceipt {
  return { receiptId: p.receiptId, ballotId: p.ballotId, seatId: p.seatId, at: p.at };
}

function answerFromRegister(earlier: Participation, idempotencyKey: string): CastOutcome {
  if (earlier.idempotencyKey === idempotencyKey) return { ok: true, receipt: receiptOf(earlier), duplicate: true };
  return errorAck('ALREADY_VOTED', 'this seat has already voted on this ballot');
}
