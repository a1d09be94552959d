import { describe, expect, it } from 'vitest';
import { addPaper, addRegisterEntries, applyBox, applyRegisterEntry, applyReplacement, boxOf, evolve, initialState, replaceRegister, turnout } from './evolve';
import type { MeetingEvent, RegisterEntry } from './meeting';
import { castAll, CHAIR, createMeeting, meetingSpec, motionSpec, replay, run, SECRETARIAT, seatIdOf, sittingWith, T0, votesOf } from './test-fixtures';

const OPEN_AT = T0 + 10_000;

function entryOf(seatId: string, receiptId: string, at: number): RegisterEntry {
  return { ballotId: 'b-1', seatId, idempotencyKey: `k-${receiptId}`, receiptId, at, choiceKey: null };
}

describe('evolve: versions', () => {
  it('MeetingCreated makes version 1 (MeetingStore contract), even when folded from initialState', () => {
    const spec = meetingSpec('congress', 30);
    const created: MeetingEvent = { type: 'MeetingCreated', at: T0, by: SECRETARIAT, spec };
    expect(initialState(spec).version).toBe(1);
    expect(evolve(initialState(spec), created)).toEqual(initialState(spec));
    expect(replay([created]).version).toBe(1);
  });

  it('every later event bumps the version by exactly one: 3 sign-ins, open, start item → 6', () => {
    let m = createMeeting('congress', 3);
    const versions = [m.state.version];
    for (const seatId of [seatIdOf(1), seatIdOf(2), seatIdOf(3)]) {
      m = run(m, { type: 'SignIn', seatId }, T0, SECRETARIAT);
      versions.push(m.state.version);
    }
    m = run(m, { type: 'OpenSession' }, T0 + 1);
    versions.push(m.state.version);
    m = run(m, { type: 'StartItem', itemId: 'item-1' }, T0 + 2);
    versions.push(m.state.version);
    expect(versions).toEqual([1, 2, 3, 4, 5, 6]);
    expect(m.state.version).toBe(m.events.length);
  });

  it('votes do not bump the version: 10 casts leave it where BallotOpened put it', () => {
    let m = run(sittingWith('congress', 30, 20), { type: 'OpenBallot', spec: motionSpec('b-1'), quorumOverrideReason: null }, OPEN_AT);
    const before = m.state.version;
    m = castAll(m, 'b-1', votesOf(4, 3, 3), OPEN_AT + 1);
    expect(m.state.version).toBe(before);
    expect(turnout(m.state, 'b-1')).toBe(10);
  });
});

describe('evolve: the register of who voted (R2.5, invariant 2)', () => {
  const opened = () => run(sittingWith('congress', 30, 20), { type: 'OpenBallot', spec: motionSpec('b-1'), quorumOverrideReason: null }, OPEN_AT);

  it('applyRegisterEntry is idempotent per (ballot, seat): a replay or second cast keeps the first receipt', () => {
    let s = opened().state;
    s = applyRegisterEntry(s, entryOf(seatIdOf(1), 'r-first', OPEN_AT + 1));
    const once = s;
    s = applyRegisterEntry(s, entryOf(seatIdOf(1), 'r-first', OPEN_AT + 1));
    s = applyRegisterEntry(s, entryOf(seatIdOf(1), 'r-second', OPEN_AT + 2));
    expect(s).toBe(once);
    expect(turnout(s, 'b-1')).toBe(1);
    expect(s.registers.get('b-1')?.get(seatIdOf(1))?.receiptId).toBe('r-first');
  });

  it('the same seat on two ballots counts once on each', () => {
    let m = opened();
    m = run(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, OPEN_AT + 1);
    m = run(m, { type: 'OpenBallot', spec: motionSpec('b-2'), quorumOverrideReason: null }, OPEN_AT + 2);
    let s = applyRegisterEntry(m.state, entryOf(seatIdOf(1), 'r-1', OPEN_AT + 3));
    s = applyRegisterEntry(s, { ...entryOf(seatIdOf(1), 'r-2', OPEN_AT + 3), ballotId: 'b-2' });
    expect([turnout(s, 'b-1'), turnout(s, 'b-2')]).toEqual([1, 1]);
  });

  it('addRegisterEntries takes a batch as vote-by-vote adding would: 3 yes, 1 no on a named ballot; a taken place, a seat off the roster and an unknown ballot add nothing', () => {
    const m = run(sittingWith('congress', 30, 20), { type: 'OpenBallot', spec: motionSpec('b-1', { secrecy: 'named' }), quorumOverrideReason: null }, OPEN_AT);
    const batch = [
      { entry: entryOf(seatIdOf(1), 'r-1', OPEN_AT + 1), paper: 'yes' },
      { entry: entryOf(seatIdOf(2), 'r-2', OPEN_AT + 2), paper: 'yes' },
      // The same seat again in the batch: its place is taken by the first, as a second cast would find it.
      { entry: entryOf(seatIdOf(2), 'r-2b', OPEN_AT + 3), paper: 'no' },
      { entry: entryOf(seatIdOf(3), 'r-3', OPEN_AT + 4), paper: 'no' },
      { entry: entryOf('seat-999', 'r-x', OPEN_AT + 5), paper: 'yes' },
      { entry: { ...entryOf(seatIdOf(4), 'r-4', OPEN_AT + 6), ballotId: 'b-404' }, paper: 'yes' },
      { entry: entryOf(seatIdOf(5), 'r-5', OPEN_AT + 7), paper: 'yes' },
    ];
    let oneByOne = m.state;
    for (const { entry: p, paper } of batch) {
      const added = applyRegisterEntry(oneByOne, p);
      oneByOne = added !== oneByOne && paper !== null ? addPaper(added, p.ballotId, paper) : added;
    }
    const together = addRegisterEntries(m.state, batch);
    expect(turnout(together, 'b-1')).toBe(4);
    expect(boxOf(together, 'b-1')).toEqual({ yes: 3, no: 1 });
    expect(together.registers.get('b-1')?.get(seatIdOf(2))?.receiptId).toBe('r-2');
    expect(together.registers.toJS()).toEqual(oneByOne.registers.toJS());
    expect(together.boxes.toJS()).toEqual(oneByOne.boxes.toJS());
    // The state it started from is untouched (the copy is persistent: views hold older states).
    expect(turnout(m.state, 'b-1')).toBe(0);
    expect(boxOf(m.state, 'b-1')).toEqual({});
    // A secret paper (null) never enters the copy's box.
    const secret = addRegisterEntries(m.state, [{ entry: entryOf(seatIdOf(6), 'r-6', OPEN_AT + 8), paper: null }]);
    expect([turnout(secret, 'b-1'), boxOf(secret, 'b-1')]).toEqual([1, {}]);
    // Nothing to add: the same state, as addRegisterEntry gives.
    expect(addRegisterEntries(together, batch)).toBe(together);
  });

  it('a register entry or box for a ballot that was never opened changes nothing', () => {
    const s = opened().state;
    expect(applyRegisterEntry(s, { ...entryOf(seatIdOf(1), 'r', OPEN_AT), ballotId: 'b-404' })).toBe(s);
    expect(applyBox(s, 'b-404', { yes: 1 })).toBe(s);
  });

  it("applyBox replaces the box with the store's counts and does not alias the caller's object", () => {
    const box = { yes: 2, no: 1 };
    const s = applyBox(opened().state, 'b-1', box);
    box.yes = 99;
    expect(boxOf(s, 'b-1')).toEqual({ yes: 2, no: 1 });
  });

  it("replaceRegister makes the store's register the ballot's: 4 entries in the copy, 3 in the store → turnout 3", () => {
    let s = opened().state;
    for (const n of [1, 2, 3, 4]) s = applyRegisterEntry(s, entryOf(seatIdOf(n), `r-${n}`, OPEN_AT + n));
    const stored = [1, 2, 3].map((n) => entryOf(seatIdOf(n), `r-${n}`, OPEN_AT + n));
    // Entries of another ballot and of a seat not on the roster are not this ballot's votes.
    const noise = [{ ...entryOf(seatIdOf(5), 'r-5', OPEN_AT), ballotId: 'b-2' }, entryOf('seat-999', 'r-x', OPEN_AT)];
    const replaced = replaceRegister(s, 'b-1', [...stored, ...noise]);
    expect(turnout(replaced, 'b-1')).toBe(3);
    expect(replaced.registers.get('b-1')?.has(seatIdOf(4))).toBe(false);
    expect(turnout(s, 'b-1')).toBe(4);
    expect(replaceRegister(s, 'b-404', stored)).toBe(s);
  });

  it('replaceRegister keeps the copy as it is when it already holds exactly the store\'s entries, and only then', () => {
    let s = opened().state;
    for (const n of [1, 2, 3]) s = applyRegisterEntry(s, entryOf(seatIdOf(n), `r-${n}`, OPEN_AT + n));
    const stored = [3, 1, 2].map((n) => entryOf(seatIdOf(n), `r-${n}`, OPEN_AT + n));
    const otherBallot = { ...entryOf(seatIdOf(5), 'r-5', OPEN_AT), ballotId: 'b-2' };
    expect(replaceRegister(s, 'b-1', [...stored, otherBallot])).toBe(s);
    // Another receipt for seat 2 (a replacement the copy missed): the store's entry is taken.
    const newer = entryOf(seatIdOf(2), 'r-2b', OPEN_AT + 9);
    const replaced = replaceRegister(s, 'b-1', [stored[0]!, stored[1]!, newer]);
    expect(replaced.registers.get('b-1')?.get(seatIdOf(2))?.receiptId).toBe('r-2b');
    // One entry more in the store, or one less: the store's register, 4 and 2.
    expect(turnout(replaceRegister(s, 'b-1', [...stored, entryOf(seatIdOf(4), 'r-4', OPEN_AT)]), 'b-1')).toBe(4);
    expect(turnout(replaceRegister(s, 'b-1', stored.slice(1)), 'b-1')).toBe(2);
    // A seat not on the roster is no vote: the register is the roster's part of the store's.
    expect(turnout(replaceRegister(s, 'b-1', [...stored, entryOf('seat-999', 'r-x', OPEN_AT)]), 'b-1')).toBe(3);
  });

  it('applyReplacement never keeps a paper of a secret ballot in the cached box (invariant 4)', () => {
    const s = opened().state;
    const replaced = applyReplacement(s, entryOf(seatIdOf(1), 'r-1', OPEN_AT + 1), 'yes');
    expect(replaced.registers.get('b-1')?.get(seatIdOf(1))?.receiptId).toBe('r-1');
    expect(boxOf(replaced, 'b-1')).toEqual({});
  });
});

describe('evolve never mutates its input state', () => {
  it('a BallotOpened leaves the previous state exactly as it was', () => {
    const m = sittingWith('congress', 30, 20);
    const snapshot = structuredClone(m.state);
    const event: MeetingEvent = {
      type: 'BallotOpened',
      at: OPEN_AT,
      by: CHAIR,
      spec: motionSpec('b-1'),
      deadline: OPEN_AT + 60_000,
      present: 20,
      quorumMet: true,
      quorumOverride: null,
    };
    evolve(m.state, event);
    expect(m.state).toEqual(snapshot);
  });
});
