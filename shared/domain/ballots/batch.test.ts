import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  batchPaperKey,
  checkBatchPaper,
  checkBatchSpec,
  countBatch,
  DEFAULT_BATCH_SETTINGS,
  parseBatchPaperKey,
  tallyBatchBox,
  tallyBatchPapers,
  type BatchPaper,
  type BatchSpec,
} from './batch';
import type { BallotBox } from './kinds';
import { MOTION_OPTIONS, type MotionOption } from './motion';

// 任免案 voted person by person (R2.7).
const spec: BatchSpec = {
  items: [
    { itemId: 'appoint-1', title: '任命张三为县财政局局长' },
    { itemId: 'appoint-2', title: '任命李四为县教育局局长' },
    { itemId: 'remove-1', title: '免去王五的县交通局局长职务' },
  ],
  settings: DEFAULT_BATCH_SETTINGS,
};
const combinedSpec: BatchSpec = { ...spec, settings: { ...DEFAULT_BATCH_SETTINGS, combined: true } };

function boxOf(papers: BatchPaper[]): BallotBox {
  const box: BallotBox = {};
  for (const paper of papers) {
    const key = batchPaperKey(paper);
    box[key] = (box[key] ?? 0) + 1;
  }
  return box;
}

function repeat<T>(paper: T, times: number): T[] {
  return Array.from({ length: times }, () => paper);
}

describe('R2.7 batch paper keys', () => {
  it('R2.7: marks are keyed by item id in code-unit order, blanks left out', () => {
    expect(batchPaperKey({ marks: { 'remove-1': 'no', 'appoint-1': 'yes' } })).toBe(
      '{"marks":{"appoint-1":"yes","remove-1":"no"}}',
    );
    expect(batchPaperKey({ marks: {} })).toBe('{"marks":{}}');
    expect(batchPaperKey({ combined: 'abstain' })).toBe('{"combined":"abstain"}');
    expect(batchPaperKey({ combined: null })).toBe('{"combined":null}');
  });

  it('R2.7: parse(key) gives back the paper and refuses other spellings of it', () => {
    const key = '{"marks":{"appoint-1":"yes","remove-1":"no"}}';
    expect(parseBatchPaperKey(key)).toEqual({ ok: true, value: { marks: { 'appoint-1': 'yes', 'remove-1': 'no' } } });
    expect(parseBatchPaperKey('{"marks":{"remove-1":"no","appoint-1":"yes"}}').ok).toBe(false);
    expect(parseBatchPaperKey('{ "marks": {} }').ok).toBe(false);
    expect(parseBatchPaperKey('not json').ok).toBe(false);
  });
});

describe('R2.7 checking one batch paper', () => {
  it('R2.1: each item takes exactly yes/no/abstain; anything else is rejected', () => {
    expect(checkBatchPaper(spec, { marks: { 'appoint-1': 'yes' } })).toMatchObject({ ok: true, voidReason: null });
    expect(checkBatchPaper(spec, { marks: { 'appoint-1': 'maybe' } }).ok).toBe(false);
    expect(checkBatchPaper(spec, { marks: { 'appoint-9': 'yes' } }).ok).toBe(false);
    expect(checkBatchPaper(spec, { marks: { constructor: 'yes' } }).ok).toBe(false);
    expect(checkBatchPaper(spec, null).ok).toBe(false);
    expect(checkBatchPaper(spec, { marks: {}, extra: 1 }).ok).toBe(false);
  });

  it('R2.7: the paper form must match the ballot: separate votes vs 合并表决', () => {
    expect(checkBatchPaper(spec, { combined: 'yes' }).ok).toBe(false);
    expect(checkBatchPaper(combinedSpec, { marks: { 'appoint-1': 'yes' } }).ok).toBe(false);
    expect(checkBatchPaper(combinedSpec, { combined: 'yes' })).toMatchObject({ ok: true, key: '{"combined":"yes"}' });
  });

  it('R2.7: checkBatchSpec reports duplicate and empty item ids', () => {
    expect(checkBatchSpec(spec)).toEqual([]);
    expect(checkBatchSpec({ ...spec, items: [] })).toHaveLength(1);
    expect(checkBatchSpec({ ...spec, items: [spec.items[0]!, spec.items[0]!] })).toEqual([
      'duplicate item id appoint-1',
    ]);
  });
});

describe('R2.7 each item is decided on its own by the motion rule (R2.2)', () => {
  it('R2.7/R2.2: total 40; item 1 yes 21 passes, item 2 yes 20 fails, item 3 unmarked counts as 弃权 and fails', () => {
    const papers: BatchPaper[] = [
      ...repeat<BatchPaper>({ marks: { 'appoint-1': 'yes', 'appoint-2': 'yes' } }, 20),
      ...repeat<BatchPaper>({ marks: { 'appoint-1': 'yes', 'appoint-2': 'no' } }, 1),
      ...repeat<BatchPaper>({ marks: { 'appoint-1': 'abstain', 'appoint-2': 'abstain' } }, 17),
    ];
    const result = countBatch(spec, tallyBatchBox(spec, boxOf(papers)), { total: 40, present: 39 });
    expect(result).toMatchObject({ kind: 'batch', combined: false, returned: 38, valid: 38, void: 0 });
    const [first, second, third] = result.items;
    expect(first).toMatchObject({ itemId: 'appoint-1', blank: 0 });
    expect(first?.motion).toMatchObject({ yes: 21, no: 0, abstain: 17, outcome: 'passed', notVoted: 1 });
    expect(second?.motion).toMatchObject({ yes: 20, no: 1, abstain: 17, outcome: 'failed' });
    // Item 3 left unmarked on all 38 cast papers: 弃权 (R3.2/R4.3 by analogy), so 赞成+反对+弃权 =
    // 有效票 38 as read aloud. Was: 38 blanks shown as 未表决 beside 0/0/0, which did not add up.
    expect(third).toMatchObject({ itemId: 'remove-1', blank: 0 });
    expect(third?.motion).toMatchObject({ yes: 0, no: 0, abstain: 38, voted: 38, notVoted: 1, outcome: 'failed' });
  });

  it('R2.7/R2.2: two_thirds_of_all applies to every item: total 30, yes 20 passes, yes 19 fails', () => {
    const twoThirds: BatchSpec = {
      ...spec,
      settings: { ...DEFAULT_BATCH_SETTINGS, motion: { threshold: 'two_thirds_of_all', requireHalfParticipation: false } },
    };
    const papers: BatchPaper[] = [
      ...repeat<BatchPaper>({ marks: { 'appoint-1': 'yes', 'appoint-2': 'yes' } }, 19),
      ...repeat<BatchPaper>({ marks: { 'appoint-1': 'yes', 'appoint-2': 'no' } }, 1),
    ];
    const result = countBatch(twoThirds, tallyBatchBox(twoThirds, boxOf(papers)), { total: 30, present: 30 });
    expect(result.items.map((i) => i.motion.yes)).toEqual([20, 19, 0]);
    expect(result.items.map((i) => i.motion.outcome)).toEqual(['passed', 'failed', 'failed']);
    expect(result.items[0]?.motion.rule.requiredYes).toBe(20);
  });

  it('R2.7 合并表决: one choice counts for every item, and each item carries the same counts', () => {
    const papers: BatchPaper[] = [
      ...repeat<BatchPaper>({ combined: 'yes' }, 21),
      ...repeat<BatchPaper>({ combined: 'no' }, 5),
      ...repeat<BatchPaper>({ combined: null }, 2),
    ];
    const result = countBatch(combinedSpec, tallyBatchBox(combinedSpec, boxOf(papers)), { total: 40, present: 30 });
    expect(result.combined).toBe(true);
    for (const item of result.items) {
      // A combined paper left blank is a cast paper: 弃权 on every item (was: 2 blanks as 未表决).
      expect(item.blank).toBe(0);
      expect(item.motion).toMatchObject({ yes: 21, no: 5, abstain: 2, voted: 28, notVoted: 2, outcome: 'passed' });
    }
  });

  it('R2.6: nobody votes: every item fails with everyone present counted as 未表决', () => {
    const result = countBatch(spec, tallyBatchBox(spec, {}), { total: 40, present: 35 });
    expect(result).toMatchObject({ returned: 0, valid: 0 });
    for (const item of result.items) {
      expect(item.motion).toMatchObject({ voted: 0, notVoted: 35, outcome: 'failed', rule: { requiredYes: 21 } });
    }
  });

  it('R2.7: an unreadable box key is a returned but void paper and counts for no item', () => {
    const box: BallotBox = { '{"marks":{"appoint-1":"yes"}}': 3, garbage: 2, '{"marks":{"appoint-9":"yes"}}': 1 };
    const result = countBatch(spec, tallyBatchBox(spec, box), { total: 10, present: 10 });
    expect(result).toMatchObject({ returned: 6, valid: 3, void: 3 });
    expect(result.items[0]).toMatchObject({ blank: 0, motion: { yes: 3, notVoted: 7 } });
    expect(result.items[1]).toMatchObject({ blank: 0, motion: { abstain: 3 } });
  });

  it('R2.7: a corrupt box count throws instead of counting a guess', () => {
    expect(() => tallyBatchBox(spec, { '{"marks":{}}': -1 })).toThrow(RangeError);
    expect(() => tallyBatchBox(spec, { '{"marks":{}}': 1.5 })).toThrow(RangeError);
  });
});

const optionOrBlank = fc.option(fc.constantFrom<MotionOption>(...MOTION_OPTIONS), { nil: undefined });
const batchPaper = fc
  .tuple(optionOrBlank, optionOrBlank, optionOrBlank)
  .map(([a, b, c]): BatchPaper => {
    const marks: Record<string, MotionOption> = {};
    if (a) marks['appoint-1'] = a;
    if (b) marks['appoint-2'] = b;
    if (c) marks['remove-1'] = c;
    return { marks };
  });

describe('R2.7 properties', () => {
  it('R2.7: tally from the box equals the tally paper by paper', () => {
    fc.assert(
      fc.property(fc.array(batchPaper, { maxLength: 60 }), (papers) => {
        expect(tallyBatchBox(spec, boxOf(papers))).toEqual(tallyBatchPapers(spec, papers));
      }),
    );
  });

  it('R2.7: per item yes + no + abstain + blank = valid papers, and every key round-trips', () => {
    fc.assert(
      fc.property(fc.array(batchPaper, { maxLength: 60 }), (papers) => {
        const result = countBatch(spec, tallyBatchBox(spec, boxOf(papers)), { total: 60, present: 60 });
        for (const item of result.items) {
          expect(item.motion.yes + item.motion.no + item.motion.abstain + item.blank).toBe(result.valid);
        }
        for (const paper of papers) {
          expect(parseBatchPaperKey(batchPaperKey(paper))).toEqual({ ok: true, value: paper });
        }
      }),
    );
  });
});
