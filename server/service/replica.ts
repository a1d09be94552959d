import { addPaper, addRegisterEntry, addRegisterEntries, applyReplacement, initialState, turnout, type RecordedVote } from '../../shared/domain/evolve';
import type { MeetingEvent, MeetingSpec, MeetingState, RegisterEntry } from '../../shared/domain/meeting';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { MeetingUnavailableError } from '../store/errors';
import type { MeetingStore } from '../store/types';
import { BoxReads } from './box-reads';
import { CoalescedReads } from './coalesced-reads';
import { CopyEpochs } from './copy-epochs';
import { paperForCopy } from './copy-paper';
import { applyVotes, foldEvents, foldMeeting } from './fold';
import { heldRegisters } from './held-registers';
import { PendingVotes } from './pending-votes';
import type { Advance, ChangeNotice, DeviceReplacedNotice, VoteNotice } from './notices';
import { Quarantine, type QuarantinedMeeting } from './quarantine';
import { resyncRegisters } from './register-resync';
import { PeerFollower, type FollowedCast } from './replica-follow';
import { ReplicaResync } from './replica-resync';
import { Signal } from './signal';
import { storeCall } from './store-call';
import { storeUnavailable } from './store-unavailable';

export interface MeetingSummary {
  meetingId: string;
  title: string;
  body: MeetingSpec['body'];
  phase: MeetingState['phase'];
  version: number;
  total: number;
}

export type { FollowedCast } from './replica-follow';

/** What server/cluster/ may call: it talks to the replica only, never to commands or casts. */
export interface ClusterReplica {
  /** Other nodes write to the same store: answer reads only after catching up (see current()). */
  followPeers(): void;
  followVersion(meetingId: string, version: number): Promise<void>;
  followCasts(meetingId: string, casts: readonly FollowedCast[]): Promise<void>;
  resyncAll(): Promise<void>;
}

/**
 * This node's copy of every meeting it serves: the fold of the store's log (state is the fold
 * of the log, invariant 3) plus the register of who voted. It loads a meeting on first use,
 * folds the events this node appended and those other nodes appended (catch-up), and tells
 * listeners what changed. It decides nothing: commands, casts, pairing and countdowns work on
 * top of it.
 *
 * In cluster mode (followPeers) the copy can lag behind the store: a notice may be late or
 * lost, or a peer may die between making a change durable and announcing it. A node never
 * answers from a copy older than what the store had acknowledged when the question came:
 * current() reads what is new first (a log read, and the turnout of each open ballot, re-reading
 * a register only when the store's turnout is ahead), and refusals are re-checked the same way
 * (command-service.ts, cast-service.ts). Reads are shared by concurrent callers (coalesced-reads.ts).
 *
 * Folding is safe without a lock: every fold reads the copy, applies only the events past its
 * version and sets the result without awaiting in between, so a catch-up and a command's own
 * events can never be applied twice. The one await after a fold is a close's box read; commands
 * decide only on a settled() copy, so none sees a shut ballot without its box.
 */
export class MeetingReplica implements ClusterReplica {
  readonly changed: Signal<ChangeNotice>;
  readonly voted: Signal<VoteNotice>;
  readonly deviceReplaced: Signal<DeviceReplacedNotice>;
  /** A meeting was read whole from the store (first use, or after it was dropped). */
  readonly loaded: Signal<MeetingState>;
  /** Events were folded in; emitted before `changed`, for indexes and timers. */
  readonly advanced: Signal<Advance>;
  /** A meeting was taken out of service (quarantined). */
  readonly withdrawn: Signal<string>;

  private readonly store: MeetingStore;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly cache = new Map<string, MeetingState>();
  /** This node's votes the store has answered, not yet in the copy (recordVote); every read of a copy (copyOf) folds them first. */
  private readonly pendingVotes = new PendingVotes((meetingId, votes) => this.foldVotes(meetingId, votes));
  /** Renewed whenever a copy is read whole (created, loaded, reloaded): every view names it. */
  private readonly epochs = new CopyEpochs();
  private readonly loading = new Map<string, Promise<MeetingState | null>>();
  private readonly quarantine = new Quarantine();
  private readonly logReads = new CoalescedReads();
  private readonly freshReads = new CoalescedReads();
  /** Box reads in flight after a close was folded: nothing decides on the copy meanwhile (settled()). */
  private readonly boxReads = new BoxReads();
  private sharedStore = false;
  private readonly resync: ReplicaResync;
  /** What the other nodes of a cluster wrote (replica-follow.ts). */
  private readonly peers: PeerFollower;

  constructor(options: { store: MeetingStore; clock: Clock; logger: Logger }) {
    this.store = options.store;
    this.clock = options.clock;
    this.logger = options.logger;
    const reportListenerError = (err: unknown) => this.logger.error('listener failed', { err });
    this.changed = new Signal(reportListenerError);
    this.voted = new Signal(reportListenerError);
    this.deviceReplaced = new Signal(reportListenerError);
    this.loaded = new Signal(reportListenerError);
    this.advanced = new Signal(reportListenerError);
    this.withdrawn = new Signal(reportListenerError);
    this.resync = new ReplicaResync(
      {
        meetingIds: () => [...this.cache.keys()],
        cached: (meetingId) => this.cached(meetingId),
        isQuarantined: (meetingId) => this.isQuarantined(meetingId),
        advance: (meetingId, baseVersion, events) => this.advance(meetingId, baseVersion, events),
        settled: (meetingId) => this.settled(meetingId),
        reload: (meetingId, copyVersion) => this.reload(meetingId, copyVersion),
        takeWholeRegisters: (meetingId, stored, meanwhile) => this.takeWholeRegisters(meetingId, stored, meanwhile),
      },
      this.store,
      this.logger,
    );
    this.peers = new PeerFollower(
      {
        copyOf: (meetingId) => this.copyOf(meetingId),
        catchUp: (meetingId) => this.catchUp(meetingId),
        take: (meetingId, state) => this.cache.set(meetingId, state),
        castRecorded: (meetingId, entry) => this.resync.castRecorded(meetingId, entry),
        recordCast: (meetingId, entry, choiceKey, replaced) => this.recordCast(meetingId, entry, choiceKey, replaced),
        announceVote: (notice) => this.voted.emit(notice),
        isQuarantined: (meetingId) => this.quarantine.has(meetingId),
      },
      this.store,
      this.logger,
    );
  }

  followPeers(): void {
    this.sharedStore = true;
  }

  /** Whether other nodes write to the same store (cluster mode): the copy may lag behind it, or hold what a failover lost. */
  get sharesStore(): boolean {
    return this.sharedStore;
  }

  /** The copy, loading it from the store on first use; null if there is no such meeting. May lag in cluster mode. */
  async stateOf(meetingId: string): Promise<MeetingState | null> {
    const cached = this.copyOf(meetingId);
    if (cached) return cached;
    if (this.quarantine.has(meetingId)) throw this.quarantine.refusal(meetingId);
    let pending = this.loading.get(meetingId);
    if (!pending) {
      pending = this.load(meetingId).finally(() => this.loading.delete(meetingId));
      this.loading.set(meetingId, pending);
    }
    return pending;
  }

  /**
   * The copy, at least as new as what the store had acknowledged when this was called: what a
   * (re)connecting client, meeting:sync and HTTP reads are answered from. Only a shared store
   * (cluster mode) can be ahead of the copy; embedded mode answers from the copy at once.
   */
  async current(meetingId: string): Promise<MeetingState | null> {
    const state = await this.stateOf(meetingId);
    if (!state || !this.sharedStore) return state;
    return this.fresh(meetingId);
  }

  /** Catches up the log and the registers of open ballots (one read each, shared by concurrent callers). */
  async fresh(meetingId: string): Promise<MeetingState | null> {
    if (!(await this.stateOf(meetingId))) return null;
    await this.freshReads.run(meetingId, async () => {
      // The log and the open ballots' turnout in parallel: a handshake or sync waits for one
      // store round trip when nothing is missing (two when a register must be read).
      const openBefore = openBallots(this.copyOf(meetingId));
      await Promise.all([this.catchUpNow(meetingId), this.peers.catchUpVotes(meetingId, openBefore)]);
      // A ballot the log read just opened: its register too.
      const opened = openBallots(this.copyOf(meetingId)).filter((ballotId) => !openBefore.includes(ballotId));
      if (opened.length > 0) await this.peers.catchUpVotes(meetingId, opened);
    });
    return this.copyOf(meetingId) ?? this.stateOf(meetingId);
  }

  /**
   * After the store refused what the copy allowed (a cast it knew better about): in cluster
   * mode, take what the store knows. Embedded mode's copy is never behind its store.
   */
  async learnFromRefusal(meetingId: string): Promise<void> {
    if (this.sharedStore) await this.fresh(meetingId);
  }

  /** The copy only, for synchronous fan-out; undefined if not loaded. */
  cached(meetingId: string): MeetingState | undefined {
    return this.copyOf(meetingId);
  }

  /**
   * The epoch of the copy (copy-epochs.ts), to put in every view rendered from it. Read it in the
   * same synchronous step as the state the view is rendered from: a reload swaps both at once.
   */
  epochOf(meetingId: string): string | undefined {
    return this.epochs.of(meetingId);
  }

  loadedMeetings(): MeetingState[] {
    this.pendingVotes.foldAll();
    return [...this.cache.values()];
  }

  isQuarantined(meetingId: string): boolean {
    return this.quarantine.has(meetingId);
  }

  /** Meetings not served because their log does not fold into a consistent state (GET /api/health). */
  quarantinedMeetings(): QuarantinedMeeting[] {
    const mine = this.quarantine.list();
    // A journal the file store found damaged is never listed to the service: ask the store too.
    const byStore = (this.store.damaged?.() ?? []).filter((d) => !this.quarantine.has(d.meetingId));
    return [...mine, ...byStore.map((d) => ({ meetingId: d.meetingId, reason: d.reason, since: null }))];
  }

  async listMeetingIds(): Promise<string[]> {
    return this.read('list meetings', () => this.store.listMeetings());
  }

  async summaries(): Promise<MeetingSummary[]> {
    const summaries: MeetingSummary[] = [];
    for (const meetingId of await this.listMeetingIds()) {
      if (this.quarantine.has(meetingId)) continue;
      const state = await this.current(meetingId);
      if (!state) continue;
      const { spec, phase, version, total } = state;
      summaries.push({ meetingId, title: spec.title, body: spec.body, phase, version, total });
    }
    return summaries;
  }

  /** A meeting this node just created (its MeetingCreated is durable). */
  created(created: Extract<MeetingEvent, { type: 'MeetingCreated' }>): MeetingState {
    const state = initialState(created.spec);
    this.cache.set(state.spec.meetingId, state);
    this.epochs.renew(state.spec.meetingId);
    this.resync.rememberLastEvent(state.spec.meetingId, created);
    this.announce({ meetingId: state.spec.meetingId, before: state, after: state, events: [created] });
    return state;
  }

  /**
   * Reads the events this node has not seen yet. Concurrent callers share one read that began
   * after they asked. Throws the quarantine refusal if they do not fold.
   */
  async catchUp(meetingId: string): Promise<MeetingState | null> {
    if (!(await this.stateOf(meetingId))) return null;
    await this.logReads.run(meetingId, () => this.catchUpNow(meetingId).then(() => undefined));
    return this.settled(meetingId);
  }

  /**
   * The copy once every close folded into it has its box from the store: what commands decide
   * on. A ballot shut by another node's events (a catch-up) is folded before its box arrives;
   * deciding in that gap would find the register full and the box empty (COUNT_MISMATCH on
   * publish). Immediate when no box read is in flight.
   */
  async settled(meetingId: string): Promise<MeetingState | null> {
    await this.boxReads.settled(meetingId);
    return this.copyOf(meetingId) ?? this.stateOf(meetingId);
  }

  /** Reads what this node has not seen of every meeting in the store, loading new ones. */
  async catchUpAll(): Promise<void> {
    for (const meetingId of await this.listMeetingIds()) {
      if (this.quarantine.has(meetingId)) continue;
      if (this.cache.has(meetingId)) await this.catchUp(meetingId);
      else await this.stateOf(meetingId);
    }
  }

  /**
   * Folds `events`, which follow `baseVersion`, into the copy: only those past the copy's
   * version (a catch-up may have taken them already). Takes the store's box of every ballot
   * they close, then notifies. `folded` is the fold the caller already made while deciding
   * (`from` with all of `events` folded in, `to`): taken as it is while the copy is still `from`
   * (the fold is a pure function of the two), folded again otherwise (a cast or a catch-up moved
   * the copy meanwhile).
   */
  async advance(
    meetingId: string,
    baseVersion: number,
    events: readonly MeetingEvent[],
    folded?: { from: MeetingState; to: MeetingState },
  ): Promise<MeetingState> {
    const before = this.copyOf(meetingId);
    if (!before) throw new Error(`advance on unloaded meeting ${meetingId}`);
    const seen = before.version - baseVersion;
    if (seen < 0) throw new Error(`events of meeting ${meetingId} after version ${baseVersion} do not follow its copy at ${before.version}`);
    const unseen = events.slice(seen);
    // A catch-up folded these already; its box read (if they shut a ballot) may still run.
    if (unseen.length === 0) return (await this.settled(meetingId)) ?? before;
    let next: MeetingState;
    try {
      next = folded && folded.from === before && seen === 0 ? folded.to : foldEvents(before, unseen);
    } catch (err) {
      // Events another node appended that this fold cannot take: stop serving, never crash.
      throw this.quarantined(meetingId, err);
    }
    this.cache.set(meetingId, next);
    this.resync.rememberLastEvent(meetingId, unseen[unseen.length - 1]!);

    const closed = new Set(unseen.flatMap((e) => (e.type === 'BallotClosed' ? [e.ballotId] : [])));
    if (closed.size > 0) next = await this.boxReads.track(meetingId, this.takeBoxes(meetingId, next, closed));
    this.announce({ meetingId, before, after: next, events: unseen });
    return next;
  }

  /** The store's boxes of ballots a fold just shut, into the copy (authoritative: the copy saw only this node's casts). */
  private async takeBoxes(meetingId: string, folded: MeetingState, closed: ReadonlySet<string>): Promise<MeetingState> {
    try {
      // A store of its own (embedded) has every vote in the copy's register already, and sends
      // its entries without a wire between: no digest is worth making there.
      const held = this.sharedStore ? heldRegisters(folded, closed) : undefined;
      const votes = await this.store.readVotes(meetingId, [...closed], held);
      // Casts and folds may have moved the copy while the read ran: apply to the newest.
      const next = applyVotes(this.copyOf(meetingId) ?? folded, votes, closed, held);
      this.cache.set(meetingId, next);
      return next;
    } catch (err) {
      // The close is durable; drop the copy so the next use re-reads everything.
      this.logger.error('could not re-read votes after close; reloading later', { meetingId, err });
      this.cache.delete(meetingId);
      return folded;
    }
  }

  /**
   * This node's own cast, recorded by the store ('recorded'): into the copy, then `notice` to the
   * listeners, in the same turn and before the cast's ack. The usual vote (a free place, no
   * replacement) goes into pendingVotes, which every read of the copy (copyOf) folds first, or a
   * timer a second after the first of them: one update of the register's trie for a burst's
   * votes (addRegisterEntries), not one per vote. Listeners told of it read the copy, so they
   * see it.
   */
  recordVote(meetingId: string, entry: RegisterEntry, choiceKey: string | null, replaced: boolean, notice: VoteNotice): void {
    const current = this.cache.get(meetingId);
    const register = current?.registers.get(entry.ballotId);
    // A store of this node's own has one writer, this node: its copy holds every entry the store
    // does, so a first vote the store recorded finds its place free in the copy, and the seat's
    // place is not looked up in the register's trie per vote (the fold skips a taken place anyway).
    // A shared store's entry may meet a place the copy read before a failover lost it: looked up.
    if (!current || replaced || !register || (this.sharedStore && register.has(entry.seatId))) {
      // No copy, no such register, a replacement or a place the copy holds: vote by vote, on a
      // copy with every pending vote folded in.
      this.recordCast(meetingId, entry, choiceKey, replaced);
    } else {
      this.resync.castRecorded(meetingId, entry);
      // Judged on the copy without the pending votes: only a fold of events (a close) changes a
      // ballot's kind or status, and that reads the copy, so it folds this vote before it.
      this.pendingVotes.add(meetingId, { entry, paper: paperForCopy(current, entry.ballotId, choiceKey) });
    }
    this.voted.emit(notice);
  }

  /** The copy of a meeting with this node's pending votes folded in. */
  private copyOf(meetingId: string): MeetingState | undefined {
    this.pendingVotes.foldNow(meetingId);
    return this.cache.get(meetingId);
  }

  /**
   * The copy without this node's votes still pending (recordVote): its spec, seats and ballots
   * are the copy's (a vote changes none of them), its registers and boxes may lack votes already
   * acked, so a turnout read from it is a lower bound. For what a burst reads with every vote
   * (the gateway's device check, the cast's judgement, which reads no register when it accepts)
   * and the turnout push (beside the store's count): through copyOf each read would fold.
   */
  copyWithoutPendingVotes(meetingId: string): MeetingState | undefined {
    return this.cache.get(meetingId);
  }

  /** One meeting's pending votes into its copy. */
  private foldVotes(meetingId: string, votes: readonly RecordedVote[]): void {
    const current = this.cache.get(meetingId);
    // A copy dropped meanwhile (a failed box read, a quarantine) is read again whole from the store, which has these votes.
    if (current) {
      try {
        this.cache.set(meetingId, addRegisterEntries(current, votes));
      } catch (err) {
        // Never thrown out of a queued fold (it would end the process): the votes are durable,
        // so the copy is dropped and read again whole on its next use.
        this.logger.error('could not fold votes into the copy; reloading it', { meetingId, err });
        this.cache.delete(meetingId);
      }
    }
  }

  /** This node's own cast, recorded by the store: into the copy (a named ballot's paper too, while open). */
  recordCast(meetingId: string, entry: RegisterEntry, choiceKey: string | null, replaced: boolean): boolean {
    const current = this.copyOf(meetingId);
    if (!current) return false;
    const register = current.registers.get(entry.ballotId);
    const earlier = register?.get(entry.seatId);
    // replaced: a last_counts paper took the place of the seat's own. A new paper recorded where
    // the copy held another entry: that entry was read from a Redis primary that lost it in a
    // failover (it was never acknowledged); the store's entry is the seat's.
    if (choiceKey !== null && (replaced || (earlier && earlier.receiptId !== entry.receiptId))) {
      this.resync.castRecorded(meetingId, entry);
      this.cache.set(meetingId, applyReplacement(current, entry, choiceKey));
      return true;
    }
    if (earlier) return false;
    this.resync.castRecorded(meetingId, entry);
    // The seat's place was looked up above and is free: written without a second look.
    let next = register ? addRegisterEntry(current, register, entry) : current;
    const paper = paperForCopy(current, entry.ballotId, choiceKey);
    if (paper !== null) next = addPaper(next, entry.ballotId, paper);
    this.cache.set(meetingId, next);
    return next !== current;
  }

  /** Cluster hook: another node appended up to `version` (replica-follow.ts). */
  followVersion(meetingId: string, version: number): Promise<void> {
    return this.peers.followVersion(meetingId, version);
  }

  /** Cluster hook: the casts another node recorded in one turn of its loop (replica-follow.ts). */
  followCasts(meetingId: string, casts: readonly FollowedCast[]): Promise<void> {
    return this.peers.followCasts(meetingId, casts);
  }

  /** Cluster hook after notices may have been missed or the store lost writes it never acknowledged (replica-resync.ts). */
  resyncAll(): Promise<void> {
    return this.resync.resyncAll();
  }

  /**
   * The copy holds events the store does not: read from a primary that died before its replica
   * had them (never acknowledged). The copy is read again whole and announced as new.
   */
  private async reload(meetingId: string, copyVersion: number): Promise<void> {
    const whole = await this.readWhole(meetingId);
    if (!whole) return;
    const { state } = whole;
    this.logger.warn('the store no longer has this copy’s last event (a failover lost it before it was acknowledged): read the meeting again', {
      meetingId,
      copyVersion,
      storeVersion: state.version,
    });
    this.cache.set(meetingId, state);
    // A new epoch: the copy may be behind versions clients saw, and their views of it must be taken.
    this.epochs.renew(meetingId);
    this.resync.rememberLastEvent(meetingId, whole.lastEvent);
    this.loaded.emit(state);
    this.changed.emit({ meetingId, state, events: [] });
  }

  /** A resync's read of every register into the copy: new entries announced, lost ones dropped (then every view is sent again). */
  private takeWholeRegisters(meetingId: string, stored: readonly RegisterEntry[], meanwhile: readonly RegisterEntry[]): void {
    const current = this.copyOf(meetingId);
    if (!current) return;
    const { state, dropped, added } = resyncRegisters(current, stored, meanwhile);
    this.cache.set(meetingId, state);
    if (dropped > 0) {
      this.logger.warn('register entries the store does not have (lost in a failover before they were acknowledged): dropped', { meetingId, dropped });
      this.changed.emit({ meetingId, state, events: [] });
    }
    for (const p of added) {
      this.voted.emit({ meetingId, ballotId: p.ballotId, seatId: p.seatId, voted: turnout(state, p.ballotId) });
    }
  }

  private async catchUpNow(meetingId: string): Promise<void> {
    const state = this.copyOf(meetingId);
    if (!state) return;
    const events = await this.read('read the log', () => this.store.readEvents(meetingId, state.version), meetingId);
    if (events.length > 0) await this.advance(meetingId, state.version, events);
  }

  private async load(meetingId: string): Promise<MeetingState | null> {
    const whole = await this.readWhole(meetingId);
    if (!whole) return null;
    const { state } = whole;
    const raced = this.copyOf(meetingId);
    if (raced) return raced;
    // Read before: a copy dropped after a failed read (takeBoxes) or a quarantine, whose clients
    // still show views of it.
    const readBefore = this.epochs.of(meetingId) !== undefined;
    this.cache.set(meetingId, state);
    this.epochs.renew(meetingId);
    this.resync.rememberLastEvent(meetingId, whole.lastEvent);
    this.loaded.emit(state);
    this.logger.debug('meeting loaded', { meetingId, version: state.version });
    // Its clients are sent the copy read again, as after a reload; a first load has none.
    if (readBefore) this.changed.emit({ meetingId, state, events: [] });
    return state;
  }

  /** The meeting as the store has it, folded (null: no such meeting); quarantined if it does not fold. */
  private async readWhole(meetingId: string): Promise<{ state: MeetingState; lastEvent: MeetingEvent } | null> {
    const events = await this.loadRead(meetingId, 'read the log', () => this.store.readEvents(meetingId, 0));
    const last = events[events.length - 1];
    if (!last) return null;
    // Votes on ballots opened after this read are skipped by the fold; the close re-reads them.
    const votes = await this.loadRead(meetingId, 'read the votes', () => this.store.readVotes(meetingId));
    let state: MeetingState | null;
    try {
      state = foldMeeting(events, votes);
    } catch (err) {
      throw this.quarantined(meetingId, err);
    }
    return state ? { state, lastEvent: last } : null;
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

  private read<T>(what: string, operation: () => Promise<T>, meetingId?: string): Promise<T> {
    return storeCall(this.logger, what, operation, meetingId);
  }

  /** Takes a meeting whose log does not fold out of service, says so loudly, and returns the caller's refusal. */
  private quarantined(meetingId: string, err: unknown): Error {
    const reason = err instanceof Error ? err.message : String(err);
    this.quarantine.add(meetingId, reason, this.clock.now());
    this.cache.delete(meetingId);
    this.withdrawn.emit(meetingId);
    this.logger.error('meeting quarantined: its log does not fold into a consistent state; not serving it', { meetingId, reason, err });
    return this.quarantine.refusal(meetingId);
  }

  private announce(advance: Advance): void {
    const { meetingId, before, events } = advance;
    for (const event of events) {
      if (event.type !== 'DevicePaired') continue;
      const previous = before.seats.get(event.seatId)?.deviceId ?? null;
      if (previous !== null && previous !== event.deviceId) {
        this.deviceReplaced.emit({ meetingId, seatId: event.seatId, deviceId: event.deviceId, at: event.at });
      }
    }
    this.advanced.emit(advance);
    this.changed.emit({ meetingId, state: advance.after, events: [...events] });
  }
}

/** The ballots open in a copy (usually none or one). */
function openBallots(state: MeetingState | undefined): string[] {
  if (!state) return [];
  return state.ballotOrder.filter((ballotId) => state.ballots.get(ballotId)?.status === 'open');
}
