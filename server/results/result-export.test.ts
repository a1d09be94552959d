import { describe, expect, it } from 'vitest';
import { csvCell, toCsv, UTF8_BOM } from './csv';
import { RESULT_COLUMNS, resultRows } from './result-rows';
import { appointments, dutyReports, motion, projectVote, record, viceGovernors } from './test-fixtures';

describe('CSV encoding', () => {
  it('starts with a UTF-8 BOM for Excel, ends lines with CRLF, quotes what needs quoting', () => {
    const csv = toCsv(['名称', '票数'], [['赞成, "全体"', 21], ['换行\n文字', null]]);
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(csv.slice(1)).toBe('名称,票数\r\n"赞成, ""全体""",21\r\n"换行\n文字",\r\n');
  });

  it('keeps free text that starts like a formula as text', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-3)).toBe('-3');
  });
});

describe('result rows: one per counted line, totals only (R2.5)', () => {
  it('a motion is one row with every number', () => {
    const [row, ...rest] = resultRows(record(motion({ yes: 21, no: 10, abstain: 5 }, 40, 38)));
    expect(rest).toEqual([]);
    expect(row).toMatchObject({
      seq: 1,
      ballotId: 'b-1',
      kind: 'motion',
      status: 'published',
      total: 40,
      present: 38,
      returned: 36,
      line: 'motion',
      yes: 21,
      no: 10,
      abstain: 5,
      notVoted: 2,
      standing: '通过',
      ballotOutcome: '通过',
    });
  });

  it('a batch gives a row per item', () => {
    const rows = resultRows(record(appointments()));
    expect(rows.map((r) => [r.lineId, r.yes, r.no, r.abstain, r.notVoted, r.standing])).toEqual([
      ['a1', 20, 4, 3, 1, '通过'],
      // a2 left unmarked on 3 cast papers: 弃权 (R4.3 by analogy), not 未表决 as before.
      ['a2', 15, 5, 7, 1, '未通过'],
    ]);
    expect(rows[0]).toMatchObject({ returned: 27, valid: 27, invalid: 0 });
  });

  it('a project vote gives a row per project with its stable id and rank (R4.8)', () => {
    const rows = resultRows(record(projectVote(2)));
    expect(rows.map((r) => [r.lineId, r.yes, r.no, r.rank, r.standing])).toEqual([
      ['MS-2025-01', 30, 0, 1, '入选'],
      ['MS-2025-02', 30, 8, 1, '入选'],
      ['MS-2025-03', 8, 0, 3, '未入选（赞成票未过半数）'],
    ]);
    expect(rows[0]).toMatchObject({ issued: 40, returned: 40, valid: 38, invalid: 2 });
  });

  it('an election gives a row per candidate and per written-in person (R3.12)', () => {
    const rows = resultRows(record(viceGovernors()));
    expect(rows.map((r) => [r.line, r.lineName, r.yes, r.rank, r.standing])).toEqual([
      ['candidate', '赵一', 30, 1, '当选'],
      ['candidate', '钱二', 30, 1, '当选'],
      ['candidate', '孙三', 10, 3, '未当选（未达当选票数）'],
      ['write_in', '王五', 10, 3, '未当选（未达当选票数）'],
    ]);
  });

  it('an invalid election (R3.4) is one row with its paper counts and no candidates', () => {
    const rows = resultRows(record(viceGovernors(30, 47)));
    expect(rows).toEqual([
      expect.objectContaining({ line: 'none', issued: 47, returned: 48, valid: 43, invalid: 5, yes: null, ballotOutcome: '收回的选票多于发出的选票，选举无效，须重新投票' }),
    ]);
  });

  it('a rating gives a row per subject with both rates and the tier', () => {
    const rows = resultRows(record(dutyReports()));
    expect(rows.map((r) => [r.lineId, r.satisfied, r.basicallySatisfied, r.unsatisfied, r.satisfiedRate, r.satisfiedOrBasicRate, r.standing])).toEqual([
      ['s1', 20, 6, 3, '69.0%', '89.7%', '满意'],
      ['s2', 10, 10, 9, '34.5%', '69.0%', '基本满意'],
      ['s3', 5, 5, 19, '17.2%', '34.5%', '不满意'],
    ]);
  });

  it('a ballot voided before publication is one row marked 作废 with its reason and no counts', () => {
    const rows = resultRows(record(null, { status: 'void', voidReason: '表决器故障', papers: 36 }));
    expect(rows).toEqual([
      expect.objectContaining({
        status: 'void',
        voidReason: '表决器故障',
        total: null,
        returned: 36,
        line: 'none',
        yes: null,
        standing: '作废',
        ballotOutcome: '作废（未公布结果）',
      }),
    ]);
  });

  it('every row has exactly the exported columns, and none of them names a seat', () => {
    const row = resultRows(record(viceGovernors()))[0]!;
    expect(Object.keys(row).sort()).toEqual(RESULT_COLUMNS.map(([key]) => key).sort());
    expect(Object.keys(row).some((key) => /seat|delegate|choice/i.test(key))).toBe(false);
  });
});
