import { describe, expect, it } from 'vitest';
import { checkElectionMargin, followUpMargin, lawfulMargin, type MarginRules } from './election-margin';

const rules = (postType: MarginRules['postType'], more: Partial<MarginRules> = {}): MarginRules => ({
  postType,
  byElection: false,
  direct: false,
  override: null,
  ...more,
});

const codes = (seats: number, candidates: number, r: MarginRules) =>
  checkElectionMargin(seats, candidates, r).warnings.map((w) => w.code);

describe('R3.9 差额 margins (ZZF 第二十七条), warned never blocked', () => {
  it('R3.9 head: 等额 (one nominee) or one extra; two extra is warned', () => {
    expect(checkElectionMargin(1, 1, rules('head'))).toMatchObject({ contest: 'equal', extra: 0, warnings: [] });
    expect(checkElectionMargin(1, 2, rules('head'))).toMatchObject({ contest: 'competitive', extra: 1, warnings: [] });
    expect(codes(1, 3, rules('head'))).toEqual(['MARGIN_ABOVE_MAXIMUM']);
  });

  it('R3.9 deputy: one to three extra; 等额 and four extra are warned', () => {
    expect(codes(3, 3, rules('deputy'))).toEqual(['MARGIN_BELOW_MINIMUM']);
    expect(codes(3, 4, rules('deputy'))).toEqual([]);
    expect(codes(3, 6, rules('deputy'))).toEqual([]);
    expect(codes(3, 7, rules('deputy'))).toEqual(['MARGIN_ABOVE_MAXIMUM']);
  });

  it('R3.9 committee: one tenth to one fifth extra, ends included: 20 seats → 2..4 extra', () => {
    expect(lawfulMargin(20, rules('committee'))).toEqual({ min: 2, max: 4 });
    expect(codes(20, 21, rules('committee'))).toEqual(['MARGIN_BELOW_MINIMUM']);
    expect(codes(20, 22, rules('committee'))).toEqual([]);
    expect(codes(20, 24, rules('committee'))).toEqual([]);
    expect(codes(20, 25, rules('committee'))).toEqual(['MARGIN_ABOVE_MAXIMUM']);
    // 25 seats: 2.5..5 → 3..5 extra.
    expect(lawfulMargin(25, rules('committee'))).toEqual({ min: 3, max: 5 });
  });

  it('R3.9 committee: when no whole number fits (4 seats: 0.4..0.8) the 选举办法 must set it', () => {
    expect(codes(4, 5, rules('committee'))).toEqual(['NO_WHOLE_MARGIN']);
    expect(codes(4, 5, rules('committee', { override: { min: 1, max: 1 } }))).toEqual([]);
  });

  it('R3.9: a by-election may be 等额 or 差额 (ZZF 第三十条); other posts have no margin', () => {
    expect(codes(2, 2, rules('deputy', { byElection: true }))).toEqual([]);
    expect(codes(2, 9, rules('deputy', { byElection: true }))).toEqual([]);
    expect(checkElectionMargin(9, 9, rules('other'))).toMatchObject({ contest: 'equal', range: null, warnings: [] });
  });

  it('R3.9: fewer candidates than seats is always warned', () => {
    expect(checkElectionMargin(3, 2, rules('other'))).toMatchObject({
      contest: 'short',
      extra: -1,
      warnings: [{ code: 'FEWER_CANDIDATES_THAN_SEATS' }],
    });
  });

  it('R3.8/XJF 第三十一条: direct elections use one third to one times extra', () => {
    expect(lawfulMargin(3, rules('other', { direct: true }))).toEqual({ min: 1, max: 3 });
    expect(codes(3, 3, rules('other', { direct: true }))).toEqual(['MARGIN_BELOW_MINIMUM']);
  });

  it('R3.7: a further election stays 差额: at least one extra, committee one tenth of the open seats', () => {
    expect(followUpMargin(1, rules('head'))).toBe(1);
    expect(followUpMargin(2, rules('deputy'))).toBe(1);
    expect(followUpMargin(15, rules('committee'))).toBe(2);
    expect(followUpMargin(1, rules('committee', { byElection: true }))).toBe(1);
    expect(followUpMargin(6, rules('other', { direct: true }))).toBe(2);
  });
});
