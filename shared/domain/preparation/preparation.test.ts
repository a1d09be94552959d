import { describe, expect, it } from 'vitest';
import { checkQuorum } from '../quorum';
import { defaultSettings, settingsOf } from '../settings';
import { attempt, createMeeting, replay, run, SECRETARIAT, seatIds, signIn, sittingWith, T0, FIRST_ITEM, SECOND_ITEM, HOSTILE_IDS } from '../test-fixtures';
import type { MeetingSpec } from '../meeting';
import type { BallotDraft } from '../ballots/kinds';
import { electionBallot } from '../ballots/kind-fixtures';
import { documentProblems, looksLikePdf } from './documents';
import { guessMapping, importRoster, type RosterTable } from './roster-import';
import { layoutFromSeatNumbers, layoutOnGrid, parseSeatNo } from './seat-layout';
import { specFromTemplate } from './template';

const revise = (spec: MeetingSpec) => ({ type: 'ReviseMeeting' as const, spec });

describe('settings (R8 defaults)', () => {
  it('fills every omitted setting with its default, by body kind', () => {
    expect(settingsOf({ body: { kind: 'congress' } })).toEqual(defaultSettings('congress'));
    expect(settingsOf({ body: { kind: 'congress' } }).quorumAtBallotOpen).toBe('warn'); // R1.5
    expect(settingsOf({ body: { kind: 'congress' } }).showNotVotedOnWall).toBe(true); // R2.6
    expect(settingsOf({ body: { kind: 'street_congress' } }).recommendationWording).toBe(true); // R6.1
    expect(settingsOf({ body: { kind: 'congress' }, settings: { quorumAtBallotOpen: 'block' } }).quorumAtBallotOpen).toBe('block');
  });

  it('speakingLimitSeconds: DEFAULT 300 s (5 minutes) for every body kind; a meeting may set another or none (null)', () => {
    for (const kind of ['congress', 'standing_committee', 'street_congress'] as const) {
      expect(settingsOf({ body: { kind } }).speakingLimitSeconds).toBe(300);
    }
    expect(settingsOf({ body: { kind: 'congress' }, settings: { speakingLimitSeconds: 600 } }).speakingLimitSeconds).toBe(600);
    expect(settingsOf({ body: { kind: 'congress' }, settings: { speakingLimitSeconds: null } }).speakingLimitSeconds).toBeNull();
  });
});

describe('a meeting made without a roster (issue 10: the roster comes by import)', () => {
  it('is prepared with 应到 0; opening the session or a sitting is refused with EMPTY_ROSTER, not QUORUM_NOT_MET', () => {
    let m = createMeeting('congress', 0);
    expect(m.state.phase).toBe('prepared');
    expect(m.state.total).toBe(0);
    expect(attempt(m, { type: 'OpenSession' }, T0 + 1)).toMatchObject({ ok: false, code: 'EMPTY_ROSTER' });
    expect(attempt(m, { type: 'StartSitting', sittingId: 'sitting-1', title: '预备会议' }, T0 + 1, SECRETARIAT)).toMatchObject({ ok: false, code: 'EMPTY_ROSTER' });
    expect(attempt(m, { type: 'OpenSitting' }, T0 + 1)).toMatchObject({ ok: false, code: 'EMPTY_ROSTER' });
    // The roster arrives as a revision; then 3 of 3 signed in open the session (R1.1: > ⅔ of 3 is 3).
    m = run(m, revise({ ...m.state.spec, delegates: createMeeting('congress', 3).state.spec.delegates }), T0 + 2, SECRETARIAT);
    expect(m.state.total).toBe(3);
    m = signIn(m, seatIds(3), T0 + 3);
    m = run(m, { type: 'OpenSession' }, T0 + 4);
    expect(m.state.phase).toBe('in_session');
  });

  it('a prepared roster may be emptied again (a wrong import), and the session still cannot open', () => {
    let m = createMeeting('congress', 4);
    m = run(m, revise({ ...m.state.spec, delegates: [] }), T0 + 1, SECRETARIAT);
    expect(m.state.total).toBe(0);
    expect(replay(m.events).total).toBe(0);
    expect(attempt(m, { type: 'OpenSession' }, T0 + 2)).toMatchObject({ ok: false, code: 'EMPTY_ROSTER' });
  });
});

describe('roster revision before the session (R7.1, R0.2)', () => {
  it('a vacancy takes the seat out of 应到: 300 seats, 2 vacant → 应到 298, quorum 199 (⅔ of 298, R1.1)', () => {
    let m = createMeeting('congress', 300);
    const [a, b] = m.state.spec.delegates;
    const spec: MeetingSpec = {
      ...m.state.spec,
      delegates: m.state.spec.delegates.slice(2),
      vacancies: [
        { seatNo: a!.seatNo, name: a!.name, reason: '辞职' },
        { seatNo: b!.seatNo, name: b!.name, reason: '调离本行政区域' },
      ],
    };
    m = run(m, revise(spec), T0 + 1, SECRETARIAT);
    expect(m.state.total).toBe(298);
    expect(checkQuorum('congress', 199, m.state.total).met).toBe(true);
    expect(checkQuorum('congress', 198, m.state.total).met).toBe(false);
    expect(replay(m.events).total).toBe(298);
  });

  it('a seat that stays keeps its pairing and attendance; a removed one takes its count with it', () => {
    let m = createMeeting('congress', 5);
    m = run(m, { type: 'IssuePairingCode', seatId: 'seat-001', codeHash: 'h1' }, T0 + 1, SECRETARIAT);
    m = run(m, { type: 'PairDevice', codeHash: 'h1', deviceId: 'tablet-1' }, T0 + 2);
    m = run(m, { type: 'IssuePairingCode', seatId: 'seat-005', codeHash: 'h5' }, T0 + 3, SECRETARIAT);
    m = signIn(m, ['seat-001', 'seat-005'], T0 + 4);
    expect(m.state.present).toBe(2);
    const spec = { ...m.state.spec, delegates: m.state.spec.delegates.slice(0, 4).map((d, i) => (i === 0 ? { ...d, name: '改名' } : d)) };
    m = run(m, revise(spec), T0 + 5, SECRETARIAT);
    expect(m.state.seats.get('seat-001')).toMatchObject({ deviceId: 'tablet-1', attendance: 'present', delegate: { name: '改名' } });
    expect(m.state.seats.has('seat-005')).toBe(false);
    expect(m.state.openCodes.has('h5')).toBe(false);
    expect(m.state.present).toBe(1);
    expect(m.state.total).toBe(4);
  });

  it('refuses duplicate seat numbers and a vacancy on an occupied seat', () => {
    const m = createMeeting('congress', 3);
    const [a, b, c] = m.state.spec.delegates;
    const dup = attempt(m, revise({ ...m.state.spec, delegates: [a!, { ...b!, seatNo: a!.seatNo }, c!] }), T0, SECRETARIAT);
    expect(dup).toMatchObject({ ok: false, code: 'INVALID_REVISION' });
    const vacant = attempt(m, revise({ ...m.state.spec, vacancies: [{ seatNo: a!.seatNo, name: a!.name, reason: 'x' }] }), T0, SECRETARIAT);
    expect(vacant).toMatchObject({ ok: false, code: 'INVALID_REVISION' });
  });

  it('once open: the roster is fixed, pending items may change, started items may not', () => {
    const m = sittingWith('congress', 30, 25); // FIRST_ITEM current
    const spec = m.state.spec;
    expect(attempt(m, revise({ ...spec, delegates: spec.delegates.slice(1) }), T0 + 9, SECRETARIAT)).toMatchObject({ ok: false, code: 'INVALID_REVISION' });
    const retitled = spec.agenda.map((a) => (a.itemId === SECOND_ITEM ? { ...a, title: '关于预算的决议（修改）' } : a));
    const after = run(m, revise({ ...spec, agenda: retitled }), T0 + 9, SECRETARIAT);
    expect(after.state.spec.agenda[1]!.title).toBe('关于预算的决议（修改）');
    const started = spec.agenda.map((a) => (a.itemId === FIRST_ITEM ? { ...a, title: 'x' } : a));
    expect(attempt(m, revise({ ...spec, agenda: started }), T0 + 9, SECRETARIAT)).toMatchObject({ ok: false, code: 'INVALID_REVISION' });
    expect(attempt(m, revise({ ...spec, agenda: spec.agenda.slice(1) }), T0 + 9, SECRETARIAT)).toMatchObject({ ok: false, code: 'INVALID_REVISION' });
  });

  it('a prepared ballot is checked with the same rules as at open; a discussion item takes none', () => {
    const m = createMeeting('congress', 10);
    const bad: BallotDraft = { ...electionBallot('b', 1, 2), secrecy: 'named' };
    const agenda = [{ itemId: 'e', title: '选举镇长', kind: 'election' as const, ballot: bad }];
    const refused = attempt(m, revise({ ...m.state.spec, agenda }), T0, SECRETARIAT);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.message).toContain('R3.1');
    const motion = { kind: 'motion', title: '决议', secrecy: 'anonymous', durationSec: null, settings: { threshold: 'majority_of_all', requireHalfParticipation: false } } as const;
    const onReport = attempt(m, revise({ ...m.state.spec, agenda: [{ itemId: 'r', title: '审议报告', kind: 'report', ballot: motion }] }), T0, SECRETARIAT);
    expect(onReport).toMatchObject({ ok: false, code: 'INVALID_REVISION' });
  });

  it('hostile item ids are ordinary ids: revisions and attachments never reach a prototype', () => {
    let m = createMeeting('congress', 3);
    const agenda = HOSTILE_IDS.map((itemId) => ({ itemId, title: `议程 ${itemId}`, kind: 'other' as const }));
    m = run(m, revise({ ...m.state.spec, agenda }), T0 + 1, SECRETARIAT);
    expect(m.state.items.size).toBe(HOSTILE_IDS.length);
    const doc = attempt(m, { type: 'AttachDocument', itemId: 'nope', document: { docId: 'd1', title: 't', kind: 'text', bytes: 2 }, content: btoa('hi') }, T0, SECRETARIAT);
    expect(doc).toMatchObject({ ok: false, code: 'UNKNOWN_ITEM' });
  });
});

describe('attachments', () => {
  const pdf = new TextEncoder().encode('%PDF-1.4\n%%EOF');
  it('checks PDF magic bytes, emptiness and plain text', () => {
    expect(looksLikePdf(pdf)).toBe(true);
    expect(documentProblems('pdf', new TextEncoder().encode('<html>'))).toHaveLength(1);
    expect(documentProblems('text', new Uint8Array())).toHaveLength(1);
    expect(documentProblems('text', new Uint8Array([0xff, 0xfe, 0x00]))).toHaveLength(1);
    expect(documentProblems('text', new TextEncoder().encode('政府工作报告\n全文'))).toEqual([]);
  });

  it('an attached document joins its item as metadata; a revision may drop it but never invent one', () => {
    let m = createMeeting('congress', 3);
    const content = btoa(String.fromCharCode(...pdf));
    m = run(m, { type: 'AttachDocument', itemId: FIRST_ITEM, document: { docId: 'doc-1', title: '报告', kind: 'pdf', bytes: pdf.length }, content }, T0 + 1, SECRETARIAT);
    expect(m.state.spec.agenda[0]!.documents).toEqual([{ docId: 'doc-1', title: '报告', kind: 'pdf', bytes: pdf.length }]);
    const wrongSize = attempt(m, { type: 'AttachDocument', itemId: FIRST_ITEM, document: { docId: 'doc-2', title: 'x', kind: 'pdf', bytes: 3 }, content }, T0, SECRETARIAT);
    expect(wrongSize).toMatchObject({ ok: false, code: 'INVALID_DOCUMENT' });
    const invented = m.state.spec.agenda.map((a, i) => (i === 1 ? { ...a, documents: [{ docId: 'doc-x', title: 'x', kind: 'pdf' as const, bytes: 10 }] } : a));
    expect(attempt(m, revise({ ...m.state.spec, agenda: invented }), T0, SECRETARIAT)).toMatchObject({ ok: false, code: 'INVALID_REVISION' });
    const dropped = m.state.spec.agenda.map(({ documents: _d, ...a }) => a);
    expect(run(m, revise({ ...m.state.spec, agenda: dropped }), T0 + 2, SECRETARIAT).state.spec.agenda[0]!.documents).toBeUndefined();
  });
});

describe('seat layout', () => {
  it.each([
    ['3排12座', { row: 3, column: 12 }],
    ['第3排第12座', { row: 3, column: 12 }],
    ['３排１２号', { row: 3, column: 12 }],
    ['A-012', { row: 1, column: 12 }],
    ['c12', { row: 3, column: 12 }],
    ['03-012', { row: 3, column: 12 }],
    ['12', null],
    ['主席台', null],
    ['0排1座', null],
  ])('%s → %j', (seatNo, expected) => {
    expect(parseSeatNo(seatNo)).toEqual(expected);
  });

  it('derives the hall from seat numbers and reports clashes and unparsed numbers', () => {
    const d = (seatNo: string) => ({ seatId: seatNo, seatNo, name: seatNo, group: '' });
    const out = layoutFromSeatNumbers([d('1排1座'), d('2排20座'), d('B-001'), d('主席台')]);
    expect(out.hall).toEqual({ rows: 2, columns: 20 });
    expect(out.delegates[2]).toMatchObject({ row: 2, column: 1 });
    expect(out.unparsed).toEqual(['主席台']);
    expect(out.clashes).toEqual([]);
    // "A-001" is row A (1), seat 1: the same chair as "1排1座".
    expect(layoutFromSeatNumbers([d('1排1座'), d('A-001')]).clashes).toHaveLength(1);
  });

  it('fills a grid in roster order: 45 delegates on 5 rows of 10 → the last one at row 5 seat 5', () => {
    const ds = seatIds(45).map((seatId) => ({ seatId, seatNo: seatId, name: seatId, group: '' }));
    const out = layoutOnGrid(ds, 5, 10)!;
    expect(out.delegates[44]).toMatchObject({ row: 5, column: 5 });
    expect(layoutOnGrid(ds, 4, 10)).toBeNull();
  });
});

describe('roster import (all or nothing)', () => {
  const table = (rows: string[][]): RosterTable => ({ headers: ['序号', '姓名', '座位号', '代表团/组', '性别', '民族', '代表类别'], rows, firstRow: 2 });

  it('guesses the mapping from Chinese headers', () => {
    expect(guessMapping(['序号', '姓 名', '座位号', '代表团/组', '性别', '民族', '代表类别'])).toEqual({
      name: 1,
      seatNo: 2,
      group: 3,
      gender: 4,
      ethnicity: 5,
      category: 6,
    });
  });

  it('imports good rows and keeps the seat id of a seat number already on the roster', () => {
    const out = importRoster(table([['1', '张三', '1排1座', '城关', '男', '汉族', '工人'], ['2', '李四', '1排2座', '城关', '女', '回族', '']]), guessMapping(table([]).headers), {
      existing: [{ seatId: 'seat-007', seatNo: '1排2座', name: '旧', group: '' }],
    });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.delegates.map((d) => d.seatId)).toEqual(['seat-001', 'seat-007']);
    expect(out.delegates[0]).toMatchObject({ name: '张三', gender: '男', ethnicity: '汉族', category: '工人' });
  });

  it('reports every bad row by its file row number and imports nothing', () => {
    const rows = [
      ['1', '张三', '1排1座', '城关', '男', '', ''],
      ['2', '', '1排2座', '城关', '', '', ''], // row 3: empty name
      ['3', '王五', '1排1座', '城关', '', '', ''], // row 4: duplicate seat of row 2
      ['4', '赵六', '1排4座', '火星', '', '', ''], // row 5: unknown group
      ['5', '钱<七>', '1排5座', '城关', '未知', '', ''], // row 6: bad characters, bad gender
      ['6', '孙'.repeat(65), '1排6座', '城关', '', '', ''], // row 7: too long
    ];
    const out = importRoster(table(rows), guessMapping(table([]).headers), { groups: ['城关', '城西'] });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.problems.map((p) => [p.row, p.field])).toEqual([
      [3, 'name'],
      [4, 'seatNo'],
      [5, 'group'],
      [6, 'name'],
      [6, 'gender'],
      [7, 'name'],
    ]);
    expect(out.problems[1]!.message).toContain('第 2 行');
  });
});

describe('template', () => {
  it('copies roster, agenda and settings, never attachments; the session number moves on', () => {
    const m = createMeeting('congress', 3);
    const template = { ...m.state.spec, sessionNo: 2, settings: { quorumAtBallotOpen: 'block' as const }, agenda: [{ ...m.state.spec.agenda[0]!, documents: [{ docId: 'd', title: 't', kind: 'text' as const, bytes: 1 }] }] };
    const spec = specFromTemplate(template, { meetingId: 'm-next', title: '第三次会议' });
    expect(spec).toMatchObject({ meetingId: 'm-next', title: '第三次会议', sessionNo: 3, settings: { quorumAtBallotOpen: 'block' } });
    expect(spec.delegates).toEqual(template.delegates);
    expect(spec.agenda[0]!.documents).toBeUndefined();
  });
});

describe('quorum at ballot open (R1.5, R8 setting)', () => {
  const ballot = (ballotId: string) => ({
    kind: 'motion' as const,
    ballotId,
    itemId: FIRST_ITEM,
    title: '决议',
    secrecy: 'anonymous' as const,
    settings: { threshold: 'majority_of_all' as const, requireHalfParticipation: false },
    durationSec: null,
    rerunOf: null,
  });
  // 30 seats, 21 signed in → session opens (21*3 ≥ 60); 2 leave → 19 < 20 needed.
  function belowQuorum(block: boolean) {
    let m = createMeeting('congress', 30);
    if (block) m = run(m, revise({ ...m.state.spec, settings: { quorumAtBallotOpen: 'block' } }), T0, SECRETARIAT);
    m = signIn(m, seatIds(21), T0 + 1);
    m = run(m, { type: 'OpenSession' }, T0 + 2);
    m = run(m, { type: 'StartItem', itemId: FIRST_ITEM }, T0 + 3);
    m = run(m, { type: 'RecordAttendance', seatId: 'seat-001', status: 'absent' }, T0 + 4, SECRETARIAT);
    return run(m, { type: 'RecordAttendance', seatId: 'seat-002', status: 'absent' }, T0 + 5, SECRETARIAT);
  }

  it("'warn' (DEFAULT): 19 of 30 present opens with a recorded override", () => {
    const m = belowQuorum(false);
    expect(run(m, { type: 'OpenBallot', spec: ballot('b1'), quorumOverrideReason: '主席团决定继续' }, T0 + 6).state.ballots.get('b1')?.quorumOverride).toMatchObject({ reason: '主席团决定继续' });
  });

  it("'block': 19 of 30 present does not open, override or not", () => {
    const m = belowQuorum(true);
    expect(attempt(m, { type: 'OpenBallot', spec: ballot('b1'), quorumOverrideReason: '主席团决定继续' }, T0 + 6)).toMatchObject({ ok: false, code: 'QUORUM_NOT_MET', details: { overridable: false, required: 20 } });
  });
});
