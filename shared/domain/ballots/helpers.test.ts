import { describe, expect, it } from 'vitest';
import { percentString, rate } from './fraction';
import { canonicalJson, parseCanonicalKey, readMarks } from './paper-key';
import { normalizeName, nameProblem } from './person-name';
import { competitionRanks, fillPlaces } from './ranking';
import { boxEntries, returnedFitsIssued } from './tally';

describe('R2.5 canonical paper keys (the box is a multiset of papers)', () => {
  it('R2.5: object keys in code-unit order at every depth, no whitespace, arrays kept in order', () => {
    expect(canonicalJson({ b: [2, 1], a: { d: null, c: '张' } })).toBe('{"a":{"c":"张","d":null},"b":[2,1]}');
    // Code units, not locale: uppercase sorts before lowercase, digits before both.
    expect(canonicalJson({ b: 1, B: 1, '1': 1 })).toBe('{"1":1,"B":1,"b":1}');
  });

  it('R2.5: ids like __proto__ and constructor are plain data, never prototype lookups', () => {
    const marks = readMarks(JSON.parse('{"__proto__":"yes","constructor":"no"}'), null, ['yes', 'no'], 'marks');
    expect(marks.ok).toBe(true);
    if (!marks.ok) return;
    expect(Object.keys(marks.value)).toEqual(['__proto__', 'constructor']);
    expect(canonicalJson({ marks: marks.value })).toBe('{"marks":{"__proto__":"yes","constructor":"no"}}');
    expect(Object.getPrototypeOf(marks.value)).toBe(Object.prototype);
  });

  it('R2.5: a key is accepted only in its canonical spelling', () => {
    const read = (v: unknown) => ({ ok: true as const, value: v as { a: number; b: number } });
    const encode = (v: { a: number; b: number }) => canonicalJson(v);
    expect(parseCanonicalKey('{"a":1,"b":2}', read, encode).ok).toBe(true);
    expect(parseCanonicalKey('{"b":2,"a":1}', read, encode)).toEqual({
      ok: false,
      message: 'paper key is not in canonical form',
    });
    expect(parseCanonicalKey('{', read, encode)).toEqual({ ok: false, message: 'paper key is not JSON' });
  });
});

describe('R3.6/R4.5 ranking and place filling', () => {
  it('R4.5: competition ranking 1, 2, 2, 4', () => {
    const ranks = competitionRanks([
      { id: 'a', score: 30 },
      { id: 'b', score: 25 },
      { id: 'c', score: 25 },
      { id: 'd', score: 10 },
    ]);
    expect([...ranks.entries()]).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 2],
      ['d', 4],
    ]);
  });

  it('R3.6: fills by score; a tie straddling the cut is left for a revote among the tied only', () => {
    const scored = [
      { id: 'a', score: 5 },
      { id: 'b', score: 9 },
      { id: 'c', score: 5 },
      { id: 'd', score: 1 },
    ];
    expect(fillPlaces(scored, 1)).toEqual({ selected: ['b'], tied: [], tiedPlaces: 0, unfilled: 0 });
    expect(fillPlaces(scored, 2)).toEqual({ selected: ['b'], tied: ['a', 'c'], tiedPlaces: 1, unfilled: 0 });
    expect(fillPlaces(scored, 3)).toEqual({ selected: ['b', 'a', 'c'], tied: [], tiedPlaces: 0, unfilled: 0 });
    expect(fillPlaces(scored, 6)).toEqual({ selected: ['b', 'a', 'c', 'd'], tied: [], tiedPlaces: 0, unfilled: 2 });
    expect(fillPlaces([], 2)).toEqual({ selected: [], tied: [], tiedPlaces: 0, unfilled: 2 });
  });
});

describe('R5.4 display rates in integer math', () => {
  it('R0.1/R5.4: one decimal, rounded half up', () => {
    expect(percentString(25, 30)).toBe('83.3%');
    expect(percentString(2, 3)).toBe('66.7%');
    expect(percentString(1, 8)).toBe('12.5%');
    expect(percentString(1, 2000)).toBe('0.1%');
    expect(percentString(1, 2001)).toBe('0.0%');
    expect(percentString(0, 7)).toBe('0.0%');
    expect(percentString(7, 7)).toBe('100.0%');
    expect(percentString(3, 0)).toBeNull();
    expect(rate(29, 35)).toEqual({ numerator: 29, denominator: 35, percent: '82.9%' });
  });
});

describe('R3.2 written-in names', () => {
  it('R3.2: full-width, spaces and middle-dot variants fold to one name', () => {
    expect(normalizeName(' 王　五 ')).toBe('王五');
    expect(normalizeName('买买提•艾力')).toBe('买买提·艾力');
    expect(normalizeName('买买提・艾力')).toBe('买买提·艾力');
    expect(normalizeName('ＡＢＣ')).toBe('ABC');
    expect(normalizeName('  John   Smith ')).toBe('John Smith');
  });

  it('R3.2: empty, over-long and control-character names are unreadable', () => {
    expect(nameProblem('王五')).toBeNull();
    expect(nameProblem(' \u3000 ')).not.toBeNull();
    expect(nameProblem('王'.repeat(41))).not.toBeNull();
    expect(nameProblem('王\u200b五')).not.toBeNull();
  });
});

describe('R3.4 boxes and validity', () => {
  it('R3.4: returned ≤ issued is valid, returned > issued is not', () => {
    expect(returnedFitsIssued(314, 314)).toBe(true);
    expect(returnedFitsIssued(315, 314)).toBe(false);
  });

  it('R2.5: box entries skip zero counts and refuse corrupt ones', () => {
    expect(boxEntries({ a: 2, b: 0 })).toEqual([['a', 2]]);
    expect(() => boxEntries({ a: Number.NaN })).toThrow(RangeError);
    expect(() => boxEntries({ a: -3 })).toThrow(RangeError);
  });
});
