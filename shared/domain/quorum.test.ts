import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkQuorum, type BodyKind } from './quorum';

describe('R1.1 congress quorum: two thirds 以上 of all delegates present', () => {
  it('R1.1: total 40 → 27 present is met (27*3 = 81 ≥ 80), required 27', () => {
    expect(checkQuorum('congress', 27, 40)).toEqual({ met: true, required: 27, rule: 'two_thirds_of_all' });
  });

  it('R1.1: total 40 → 26 present is not met (78 < 80)', () => {
    expect(checkQuorum('congress', 26, 40)).toEqual({ met: false, required: 27, rule: 'two_thirds_of_all' });
  });

  it('R1.1/R1.5 P-LISHUI: 应到 327, 实到 314 is met; required 218 (327*2/3 exactly)', () => {
    expect(checkQuorum('congress', 314, 327)).toEqual({ met: true, required: 218, rule: 'two_thirds_of_all' });
    expect(checkQuorum('congress', 218, 327).met).toBe(true);
    expect(checkQuorum('congress', 217, 327).met).toBe(false);
  });

  it('R0.1/R1.1: total 30 → exactly 20 present meets two thirds (boundary included), 19 does not', () => {
    expect(checkQuorum('congress', 20, 30)).toEqual({ met: true, required: 20, rule: 'two_thirds_of_all' });
    expect(checkQuorum('congress', 19, 30).met).toBe(false);
  });
});

describe('R1.2 standing committee and R6.4 street congress quorum: more than half of all members', () => {
  const halfBodies: BodyKind[] = ['standing_committee', 'street_congress'];

  for (const kind of halfBodies) {
    it(`R1.2/R6.4 ${kind}: total 29 → 15 present is met, 14 is not; required 15`, () => {
      expect(checkQuorum(kind, 15, 29)).toEqual({ met: true, required: 15, rule: 'more_than_half_of_all' });
      expect(checkQuorum(kind, 14, 29)).toEqual({ met: false, required: 15, rule: 'more_than_half_of_all' });
    });

    it(`R0.1/R1.2 ${kind}: total 30 → 15 present (exactly half) is NOT met, 16 is; required 16`, () => {
      expect(checkQuorum(kind, 15, 30)).toEqual({ met: false, required: 16, rule: 'more_than_half_of_all' });
      expect(checkQuorum(kind, 16, 30)).toEqual({ met: true, required: 16, rule: 'more_than_half_of_all' });
    });
  }

  it('R6.4: a street congress has the same quorum as a standing committee for every total 1..500', () => {
    for (let total = 1; total <= 500; total++) {
      for (const present of [total >> 1, (total >> 1) + 1]) {
        expect(checkQuorum('street_congress', present, total)).toEqual(checkQuorum('standing_committee', present, total));
      }
    }
  });
});

describe('R1.1/R1.2 `required` is exactly the fewest present that meet the quorum', () => {
  it('R0.1: met(required) and not met(required − 1), for every body and total 1..100000', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<BodyKind>('congress', 'standing_committee', 'street_congress'),
        fc.integer({ min: 1, max: 100_000 }),
        (kind, total) => {
          const { required } = checkQuorum(kind, 0, total);
          expect(checkQuorum(kind, required, total).met).toBe(true);
          expect(checkQuorum(kind, required - 1, total).met).toBe(false);
        },
      ),
    );
  });
});
