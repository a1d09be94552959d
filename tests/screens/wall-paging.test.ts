import { describe, expect, it } from 'vitest';
import { splitPages } from '../../client/src/wall/paging';

describe('wall paging: readable screens, rows spread evenly', () => {
  it('15 projects at 4 a screen: 4 + 4 + 4 + 3; 12 appointees: 4 + 4 + 4; 10: 4 + 3 + 3; 6: 3 + 3; 4: one screen', () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => i);
    expect(splitPages(rows(15)).map((p) => p.length)).toEqual([4, 4, 4, 3]);
    expect(splitPages(rows(10)).map((p) => p.length)).toEqual([4, 3, 3]);
    expect(splitPages(rows(15), 5).map((p) => p.length)).toEqual([5, 5, 5]);
    expect(splitPages(rows(12)).map((p) => p.length)).toEqual([4, 4, 4]);
    expect(splitPages(rows(6)).map((p) => p.length)).toEqual([3, 3]);
    expect(splitPages(rows(4)).map((p) => p.length)).toEqual([4]);
    expect(splitPages(rows(0))).toEqual([[]]);
    expect(splitPages(rows(11)).flat()).toEqual(rows(11));
  });
});
