import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Records that hot code builds by the thousand share one hidden class (merged-record.ts): ballot
 * specs however many ballots a server opens, and the seat part of every tablet's view.
 * V8 says which class an object has only to a process started with --allow-natives-syntax, so
 * each probe runs in a child node with it. A probe builds 30 records, each with fresh values, and
 * prints a 1 for each that has the class of the one before: the spread's control shows that the
 * probe tells classes apart (in this Node a spread record gets a class of its own from about the
 * ninth on).
 */
const BALLOT_SPEC = fileURLToPath(new URL('./service/ballot-spec.ts', import.meta.url));
const MERGED_RECORD = fileURLToPath(new URL('../shared/domain/merged-record.ts', import.meta.url));
const VIEWS = fileURLToPath(new URL('../shared/domain/views.ts', import.meta.url));
const NEW_SEAT = fileURLToPath(new URL('../shared/domain/new-seat.ts', import.meta.url));

function sameClassRun(build: string): string {
  const script = `
    const { ballotSpecFrom, preparedSpecFrom } = await import(${JSON.stringify(BALLOT_SPEC)});
    const { mergedRecord } = await import(${JSON.stringify(MERGED_RECORD)});
    const { seatPartOf } = await import(${JSON.stringify(VIEWS)});
    const { newSeat } = await import(${JSON.stringify(NEW_SEAT)});
    const sameClass = new Function('a', 'b', 'return %HaveSameMap(a, b)');
    const build = (i) => (${build});
    let before = build(0);
    let run = '';
    for (let i = 1; i < 30; i++) {
      const record = build(i);
      run += sameClass(record, before) ? '1' : '0';
      before = record;
    }
    process.stdout.write(run);
  `;
  return execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
}

const ALL_SAME = '1'.repeat(29);
const MOTION = `{ kind: 'motion', title: 'motion ' + i, secrecy: 'anonymous', durationSec: i, method: 'electronic', itemId: 'item-' + i, rerunOf: null, followUpOf: null, quorumOverrideReason: null }`;
const RATING = `{ kind: 'rating', title: 'rating ' + i, secrecy: 'anonymous', durationSec: null, subjects: [{ subjectId: 's' + i, name: 'n' }], itemId: 'item-' + i, rerunOf: null, followUpOf: null, quorumOverrideReason: null }`;
const DRAFT = `{ kind: 'motion', title: 'draft ' + i, secrecy: 'open', durationSec: 60, settings: { threshold: 'majority_of_total' } }`;

describe('ballot specs keep one hidden class', () => {
  it('control: a spread that adds keys gives records classes of their own in this Node', () => {
    expect(sameClassRun(`({ ...${DRAFT}, ballotId: 'b' + i, itemId: 'item' })`)).toContain('0');
  }, 20_000);

  it('an openBallot payload made a motion spec, 30 times', () => {
    expect(sameClassRun(`ballotSpecFrom(${MOTION})`)).toBe(ALL_SAME);
  }, 20_000);

  it('an openBallot payload of another kind made its spec, 30 times', () => {
    expect(sameClassRun(`ballotSpecFrom(${RATING})`)).toBe(ALL_SAME);
  }, 20_000);

  it('a prepared ballot with the presidium’s overrides, 30 times', () => {
    const state = `({ spec: { agenda: [{ itemId: 'item', ballot: ${DRAFT} }] } })`;
    expect(sameClassRun(`preparedSpecFrom(${state}, { itemId: 'item', durationSec: i, method: 'electronic', rerunOf: null }).spec`)).toBe(ALL_SAME);
  }, 20_000);

  it('mergedRecord as decide builds a follow-up with it (a draft, a countdown, its ids), 30 times', () => {
    expect(
      sameClassRun(`mergedRecord(${DRAFT}, { durationSec: i }, { ballotId: 'b' + i, itemId: 'item', rerunOf: null, followUpOf: { ballotId: 'a', reason: 'tie_revote' } })`),
    ).toBe(ALL_SAME);
  }, 20_000);
});

describe('seat views keep one hidden class', () => {
  const SEAT = `newSeat({ seatId: 's' + i, seatNo: 'A-' + i, name: '代表' + i, group: '第一组', row: 1, column: i })`;

  it('control: the seat as a spread of its delegate gives each seat a class of its own', () => {
    expect(sameClassRun(`({ ...${SEAT}.delegate, attendance: 'present', floor: null })`)).toContain('0');
  }, 20_000);

  it('the seat part of a tablet’s view, for 30 seats', () => {
    expect(sameClassRun(`seatPartOf({}, ${SEAT})`)).toBe(ALL_SAME);
  }, 20_000);
});
