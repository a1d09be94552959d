import { addRegisterEntries, turnout, type RecordedVote } from '../../shared/domain/evolve';
import type { MeetingState, RegisterEntry } from '../../shared/domain/meeting';
import { ballotIn, onRoster } from '../../shared/domain/vote-lookups';
import type { Logger } from '../logger';
import { readRegister, readTurnout } from '../store/register-reads';
import type { MeetingStore } from '../store/types';
import { paperForCopy } from './copy-paper';
import type { VoteNotice } from './notices';
import { storeCall } from './store-call';

/** A cast another node recorded, as its notice tells it: who voted (what, on a named ballot only) and the turnout after it. */
export interface FollowedCast {
  entry: RegisterEntry;
  voted: number;
}

/** What following the other nodes needs of the copy (replica.ts): it reads and decides, the copy alone changes itself. */
export interface FollowedCopy {
  /** The copy with this node's pending votes folded in; undefined if not loaded. */
  copyOf(meetingId: string): MeetingState | undefined;
  /** Reads the events this node has not seen yet (replica.ts catchUp). */
  catchUp(meetingId: string): Promise<MeetingState | null>;
  /** Makes `state` the copy. */
  take(meetingId: string, state: MeetingState): void;
  /** A cast the copy takes (for a resync reading the registers meanwhile: replica-resync.ts). */
  castRecorded(meetingId: string, entry: RegisterEntry): void;
  /** One cast into the copy, vote by vote (replica.ts recordCast): false if it changed nothing. */
  recordCast(meetingId: string, entry: RegisterEntry, choiceKey: string | null, replaced: boolean): boolean;
  /** Tells the listeners of a vote (the fan-out, the seat map). */
  announceVote(notice: VoteNotice): void;
  isQuarantined(meetingId: string): boolean;
}

/**
 * What the other nodes of a cluster wrote, into this node's copy: their notices (a new version of
 * a log, the casts of one of their turns), and the registers of open ballots when the store's
 * turnout is ahead of the copy's (the copy may lag in cluster mode: replica.ts current()). Every
 * vote taken is announced like this node's own, so the seat's tablet, walls and consoles here
 * catch up.
 */
export class PeerFollower {
  constructor(
    private readonly copy: FollowedCopy,
    private readonly store: MeetingStore,
    private readonly logger: Logger,
  ) {}

  /**
   * Another node appended up to `version`. Reads the events this node has not seen; a meeting not
   * loaded here is read whole on first use anyway.
   */
  followVersion(meetingId: string, version: number): Promise<void> {
    return this.following('version', meetingId, async () => {
      const behind = () => (this.copy.copyOf(meetingId)?.version ?? version) < version;
      // A burst of notices shares reads; a notice whose version was already read is done.
      if (behind()) await this.copy.catchUp(meetingId);
    });
  }

  /**
   * Another node recorded these casts (a named ballot's with their papers, a secret ballot's
   * never: its box is read from the store at close); each `voted` is the store's turnout after
   * that cast. One notice carries the casts a node made durable in one turn of its loop: they are
   * folded together, as this node's own votes of a journal batch are (one update of each
   * register's trie and one new copy per notice, not per vote), with at most one read of the log
   * (for a ballot this copy has not seen opened yet). A seat the copy already holds keeps its
   * entry (the fold's rule), unless the notice brings a named ballot's paper under another
   * receipt: a last_counts replacement, or the store's entry where the copy read one a
   * failed-over primary lost (recordCast, one by one). A notice's choice is kept only for a
   * ballot this copy knows as named (notices.ts): never beside a seat on a secret ballot,
   * whatever a faulty node sent.
   */
  followCasts(meetingId: string, casts: readonly FollowedCast[]): Promise<void> {
    return this.following('cast', meetingId, async () => {
      let state = this.copy.copyOf(meetingId);
      if (!state) return;
      // A ballot may have been opened by events this node has not read yet.
      if (casts.some(({ entry }) => !state?.registers.has(entry.ballotId))) await this.copy.catchUp(meetingId);
      // The copy as it is now, with this node's pending votes: the read above may have let others in.
      state = this.copy.copyOf(meetingId);
      if (!state) return;
      const followed: FollowedCast[] = [];
      const votes: RecordedVote[] = [];
      const replacing: RegisterEntry[] = [];
      for (const cast of casts) {
        const { entry: noticed } = cast;
        const { ballotId, seatId } = noticed;
        // A notice about a ballot or seat this meeting does not have is not a vote of it.
        if (!state.registers.has(ballotId) || !onRoster(state, seatId)) continue;
        followed.push(cast);
        const choiceKey = noticed.choiceKey !== null && ballotIn(state, ballotId)?.spec.secrecy === 'named' ? noticed.choiceKey : null;
        // The notice's entry is this node's own (noticedCasts made it): copied only to drop a choice.
        const entry: RegisterEntry = choiceKey === noticed.choiceKey ? noticed : { ...noticed, choiceKey };
        if (choiceKey !== null) {
          const held = state.registers.get(ballotId)?.get(seatId);
          if (held && held.receiptId !== entry.receiptId) {
            replacing.push(entry);
            continue;
          }
        }
        this.copy.castRecorded(meetingId, entry);
        votes.push({ entry, paper: paperForCopy(state, ballotId, choiceKey) });
      }
      if (votes.length > 0) this.copy.take(meetingId, addRegisterEntries(state, votes));
      for (const entry of replacing) this.copy.recordCast(meetingId, entry, entry.choiceKey, false);
      for (const { entry, voted } of followed) {
        this.copy.announceVote({ meetingId, ballotId: entry.ballotId, seatId: entry.seatId, voted });
      }
    });
  }

  /**
   * The registers of open ballots, where the store's turnout is ahead of the copy's: each new
   * entry is recorded and announced like a peer's cast notice, so tablets, walls and consoles
   * on this node catch up. One HLEN per open ballot when nothing is missing.
   */
  async catchUpVotes(meetingId: string, open: readonly string[]): Promise<void> {
    const state = this.copy.copyOf(meetingId);
    if (!state || open.length === 0) return;
    const stored = await storeCall(this.logger, 'read the turnout', () => readTurnout(this.store, meetingId, open), meetingId);
    for (const [i, ballotId] of open.entries()) {
      const voted = stored[i] ?? 0;
      if (voted <= turnout(this.copy.copyOf(meetingId) ?? state, ballotId)) continue;
      const register = await storeCall(this.logger, 'read the register', () => readRegister(this.store, meetingId, ballotId), meetingId);
      this.takeRegister(meetingId, register);
    }
  }

  /**
   * Records the entries of a register read from the store that the copy lacks, and announces
   * each like a peer's cast notice (the store's turnout as read), so the seat's tablet, walls
   * and consoles on this node catch up. O(entries), once per read.
   */
  private takeRegister(meetingId: string, entries: readonly RegisterEntry[]): void {
    const stored = new Map<string, number>();
    for (const p of entries) stored.set(p.ballotId, (stored.get(p.ballotId) ?? 0) + 1);
    for (const p of entries) {
      if (!this.copy.recordCast(meetingId, { ...p, choiceKey: null }, null, false)) continue;
      this.copy.announceVote({ meetingId, ballotId: p.ballotId, seatId: p.seatId, voted: stored.get(p.ballotId) ?? 0 });
    }
  }

  /** Runs a cluster notice handler; nothing a notice carries may throw out of it (invariant 6). */
  private async following(what: string, meetingId: string, handle: () => Promise<void>): Promise<void> {
    try {
      await handle();
    } catch (err) {
      if (!this.copy.isQuarantined(meetingId)) this.logger.warn('could not follow a cluster notice; the next read catches up', { what, meetingId, err });
    }
  }
}
