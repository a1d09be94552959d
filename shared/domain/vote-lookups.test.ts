import { describe, expect, it } from 'vitest';
import { addRegisterEntries } from './evolve';
import type { MeetingState, RegisterEntry } from './meeting';
import { HOSTILE_IDS, SECRETARIAT, T0, castAll, createMeeting, motionSpec, run, seatIdOf, sittingWith, votesOf, type Meeting } from './test-fixtures';
import { ballotIn, onRoster, SEAT_INDEX_ENTRIES_PER_READ, seatEntriesIndexedSoFar, seatIn } from './vote-lookups';

function entry(ballotId: string, seatId: string, at: number): RegisterEntry {
  return { ballotId, seatId, idempotencyKey: `key-${seatId}-${at}`, receiptId: `receipt-${ballotId}-${seatId}`, at, choiceKey: null };
}

/** Every look-up answers what the persistent map answers, for every id asked and a few that are no one's. */
function expectSameAsMaps(state: MeetingState, ballotIds: readonly string[], seatIds: readonly string[]): void {
  for (const id of [...ballotIds, 'ballot-none', ...HOSTILE_IDS]) {
    expect(ballotIn(state, id)).toBe(state.ballots.get(id));
  }
  for (const id of [...seatIds, seatIdOf(999), ...HOSTILE_IDS]) {
    expect(onRoster(state, id)).toBe(state.seats.has(id));
    expect(seatIn(state, id)).toBe(state.seats.get(id));
  }
}

describe('vote look-ups (vote-lookups.ts)', () => {
  it('answer as the maps do, across ballots opened, votes folded and ballots closed', () => {
    let m: Meeting = sittingWith('congress', 12, 10);
    const seats = Array.from({ length: 12 }, (_, i) => seatIdOf(i + 1));
    const opened: string[] = [];
    expectSameAsMaps(m.state, opened, seats);
    // Ten ballots: the ballots map passes from immutable's short list (≤ 8 entries) to its trie.
    for (let b = 1; b <= 10; b++) {
      const ballotId = `ballot-${b}`;
      m = run(m, { type: 'OpenBallot', spec: motionSpec(ballotId), quorumOverrideReason: null }, T0 + 10_000 * b);
      opened.push(ballotId);
      expectSameAsMaps(m.state, opened, seats);
      // A state read before this one keeps its own answers: an index belongs to one version of a map.
      const before = m.state;
      m = castAll(m, ballotId, votesOf(3, 2, 1), T0 + 10_000 * b + 1);
      expectSameAsMaps(m.state, opened, seats);
      expectSameAsMaps(before, opened, seats);
      m = run(m, { type: 'CloseBallot', ballotId, reason: 'presidium' }, T0 + 10_000 * b + 2);
      expect(ballotIn(m.state, ballotId)?.status).toBe('closed');
      expect(ballotIn(before, ballotId)?.status).toBe('open');
      expectSameAsMaps(m.state, opened, seats);
    }
  });

  it('a batch folded by addRegisterEntries adds the entries of seats on the roster only', () => {
    let m: Meeting = sittingWith('congress', 5, 5);
    m = run(m, { type: 'OpenBallot', spec: motionSpec('ballot-a'), quorumOverrideReason: null }, T0 + 10_000);
    const before = m.state;
    expect(before.registers.get('ballot-a')?.size).toBe(0);
    // A seat not on the roster adds nothing (onRoster), a seat on it one entry.
    const after = addRegisterEntries(before, [
      { entry: entry('ballot-a', seatIdOf(1), T0 + 10_001), paper: null },
      { entry: entry('ballot-a', 'seat-stranger', T0 + 10_002), paper: null },
      { entry: entry('ballot-a', 'constructor', T0 + 10_003), paper: null },
    ]);
    expect(after.registers.get('ballot-a')?.size).toBe(1);
    expect(after.registers.get('ballot-a')?.get(seatIdOf(1))?.at).toBe(T0 + 10_001);
    expect(before.registers.get('ballot-a')?.size).toBe(0);
  });

  it('the roster is the seats of the meeting, and stays so as attendance changes', () => {
    let m: Meeting = createMeeting('congress', 3);
    expect([seatIdOf(1), seatIdOf(2), seatIdOf(3), seatIdOf(4)].map((id) => onRoster(m.state, id))).toEqual([true, true, true, false]);
    m = run(m, { type: 'SignIn', seatId: seatIdOf(2) }, T0 + 5_000, SECRETARIAT);
    expect(m.state.seats.get(seatIdOf(2))?.attendance).toBe('present');
    expect(onRoster(m.state, seatIdOf(2))).toBe(true);
    expect(onRoster(m.state, 'seat-004')).toBe(false);
  });

  it("a seat's attendance read through the index is that version's: a sign-in or a leave makes a new one", () => {
    let m: Meeting = createMeeting('congress', 3);
    const seats = [seatIdOf(1), seatIdOf(2), seatIdOf(3)];
    const absent = m.state;
    expect(seatIn(absent, seatIdOf(2))?.attendance).not.toBe('present');
    m = run(m, { type: 'SignIn', seatId: seatIdOf(2) }, T0 + 5_000, SECRETARIAT);
    const present = m.state;
    expect(seatIn(present, seatIdOf(2))?.attendance).toBe('present');
    // The state read before the sign-in keeps its own answer, and so on after every change.
    expect(seatIn(absent, seatIdOf(2))?.attendance).not.toBe('present');
    expectSameAsMaps(absent, [], seats);
    expectSameAsMaps(present, [], seats);
    for (const id of HOSTILE_IDS) expect(seatIn(present, id)).toBeUndefined();
  });

  it('latecomers signing in while a ballot is open cost no copy of the seats map: at most 8 entries copied a read (invariant 5)', () => {
    const seats = 3000;
    let m: Meeting = sittingWith('congress', seats, 2000);
    m = run(m, { type: 'OpenBallot', spec: motionSpec('ballot-a'), quorumOverrideReason: null }, T0 + 10_000);
    const copiedBefore = seatEntriesIndexedSoFar();
    let reads = 0;
    // 500 latecomers, each signing in and voting at once: every vote reads a new version of the seats map.
    for (let n = 2001; n <= 2500; n++) {
      m = run(m, { type: 'SignIn', seatId: seatIdOf(n) }, T0 + 20_000 + n, SECRETARIAT);
      expect(seatIn(m.state, seatIdOf(n))?.attendance).toBe('present');
      reads++;
    }
    // Indexed at each version's first read, this was 500 copies of 3,000 entries.
    expect(seatEntriesIndexedSoFar() - copiedBefore).toBe(0);
    // Then the hall votes on one version: it is indexed once its reads have paid for the copy.
    for (let n = 1; n <= 2500; n++) {
      expect(seatIn(m.state, seatIdOf(n))?.attendance).toBe('present');
      reads++;
    }
    const copied = seatEntriesIndexedSoFar() - copiedBefore;
    expect(copied).toBe(seats);
    expect(copied).toBeLessThanOrEqual(SEAT_INDEX_ENTRIES_PER_READ * reads);
    expectSameAsMaps(m.state, ['ballot-a'], [seatIdOf(1), seatIdOf(2600), seatIdOf(3000)]);
  });
});
