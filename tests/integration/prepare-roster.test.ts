import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleView } from '../../shared/domain/views';
import type { Delegate, MeetingSpec } from '../../shared/domain/meeting';
import { HOSTILE_IDS } from '../../shared/domain/test-fixtures';
import { specFromTemplate } from '../../shared/domain/preparation/template';
import { HttpClient } from '../support/http-client';
import { connect, emitAck, ViewLog } from '../support/sockets';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * Issue 10, preparation: a clerk's roster file (.xlsx and GBK CSV) imported over real HTTP, all
 * or nothing, with a row report; revisions keep pairings and 应到 (R0.2); roles and hostile ids.
 */
let server: TestServer;
let http: HttpClient;
let secretariat: string;
const MEETING = 'm-prepare-roster';

const GROUPS = ['城关代表团', '城东代表团', '城西代表团', '城南代表团', '城北代表团'];

/** 300 rows as a county clerk keeps them: a title row, Chinese headers, 代表团, 性别, 民族, 类别. */
async function countyRosterXlsx(rows = 300, mutate?: (row: (string | number)[], i: number) => void): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('代表名单');
  sheet.addRow(['某某县第十八届人民代表大会第三次会议代表名单']);
  sheet.addRow(['序号', '姓名', '座位号', '代表团', '性别', '民族', '代表类别']);
  for (let i = 0; i < rows; i++) {
    const row: (string | number)[] = [i + 1, `代表${i + 1}`, `${Math.floor(i / 20) + 1}排${(i % 20) + 1}座`, GROUPS[i % 5]!, i % 3 === 0 ? '女' : '男', i % 7 === 0 ? '回族' : '汉族', '工人'];
    mutate?.(row, i);
    sheet.addRow(row);
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return Buffer.from(buffer as ArrayBuffer).toString('base64');
}

async function preparation(meetingId = MEETING) {
  const reply = await http.request<{ ok: boolean; version: number; spec: MeetingSpec; pairedSeatIds: string[]; settings: Record<string, unknown> }>(
    'GET',
    `/api/meetings/${meetingId}/preparation`,
    undefined,
    secretariat,
  );
  expect(reply.status).toBe(200);
  return reply.body;
}

beforeAll(async () => {
  server = await startTestServer();
  http = new HttpClient(server.baseUrl);
  secretariat = await http.staffToken('secretariat');
  await http.createMeeting(secretariat, {
    meetingId: MEETING,
    body: { name: '某某县人民代表大会', kind: 'congress' },
    title: '第三次会议',
    delegates: [{ seatId: 'placeholder', seatNo: '1排1座', name: '待导入' }],
    agenda: [{ itemId: 'item-1', title: '关于政府工作报告的决议', kind: 'vote' }],
  });
});
afterAll(async () => server?.close());

describe('roster import over HTTP', () => {
  it('a dry run answers the guessed mapping and a clean report, and changes nothing', async () => {
    const before = await preparation();
    const reply = await http.request<Record<string, unknown>>('POST', `/api/meetings/${MEETING}/roster/import`, { fileName: '名单.xlsx', content: await countyRosterXlsx(), dryRun: true }, secretariat);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ ok: true, imported: false, fileKind: 'xlsx', rows: 300, count: 300, problemCount: 0 });
    expect(reply.body['mapping']).toEqual({ name: 1, seatNo: 2, group: 3, gender: 4, ethnicity: 5, category: 6 });
    expect((await preparation()).version).toBe(before.version);
  });

  it('imports 300 rows from an .xlsx file; the seat that was paired keeps its tablet', async () => {
    // Pair the placeholder seat, then import a roster that puts a delegate on its seat number.
    const codes = await http.issueCodes(secretariat, MEETING, ['placeholder']);
    const paired = await http.pair(codes.get('placeholder')!, 'tablet-placeholder-1');
    expect(paired.body.ok).toBe(true);

    const reply = await http.request<Record<string, unknown>>('POST', `/api/meetings/${MEETING}/roster/import`, { fileName: '名单.xlsx', content: await countyRosterXlsx(), groups: GROUPS }, secretariat);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ ok: true, imported: true, total: 300, count: 300 });
    const prep = await preparation();
    expect(prep.spec.delegates).toHaveLength(300);
    expect(prep.spec.delegates[0]).toMatchObject({ seatId: 'placeholder', seatNo: '1排1座', name: '代表1', group: '城关代表团', gender: '女', ethnicity: '回族', category: '工人' });
    expect(prep.pairedSeatIds).toEqual(['placeholder']);

    const console = new ViewLog<ConsoleView>();
    const socket = await connect(server.baseUrl, { token: secretariat, meetingId: MEETING }, console);
    try {
      const view = await console.waitFor((v) => v.seats.length === 300);
      expect(view.attendance.total).toBe(300);
      expect(view.seats.find((s) => s.seatId === 'placeholder')?.paired).toBe(true);
    } finally {
      socket.disconnect();
    }
  });

  it('a GBK CSV (as Excel saves it in Chinese Windows) imports with its Chinese intact', async () => {
    const csv = '姓名,座位号,代表团/组,性别\r\n张伟,A-001,城关代表团,男\r\n李娜,A-002,城东代表团,女\r\n';
    const gbk = Buffer.from(new Uint8Array(await gbkBytes(csv)));
    const reply = await http.request<Record<string, unknown>>('POST', `/api/meetings/${MEETING}/roster/import`, { fileName: 'roster.csv', content: gbk.toString('base64'), dryRun: true }, secretariat);
    expect(reply.body).toMatchObject({ ok: true, fileKind: 'csv', encoding: 'gbk', count: 2, problemCount: 0 });
    expect(reply.body['preview']).toMatchObject([{ name: '张伟', seatNo: 'A-001', group: '城关代表团', gender: '男' }, { name: '李娜' }]);

    // Imported for real into another meeting: the names arrive as the clerk typed them.
    const other = await http.createMeeting(secretariat, { body: { name: '某某县人大常委会', kind: 'standing_committee' }, title: '第二十次会议', delegates: [] });
    const imported = await http.request<Record<string, unknown>>('POST', `/api/meetings/${other}/roster/import`, { fileName: 'roster.csv', content: gbk.toString('base64') }, secretariat);
    expect(imported.body).toMatchObject({ ok: true, imported: true, total: 2 });
    expect((await preparation(other)).spec.delegates.map((d) => d.name)).toEqual(['张伟', '李娜']);
  });

  it('a meeting created with an empty roster is prepared with 应到 0; it cannot open (EMPTY_ROSTER) until the roster is imported', async () => {
    const empty = await http.createMeeting(secretariat, { body: { name: '某某镇人民代表大会', kind: 'congress' }, title: '第一次会议', delegates: [] });
    const before = await preparation(empty);
    expect(before.spec.delegates).toEqual([]);
    const presidium = await http.staffToken('presidium');
    const console = new ViewLog<ConsoleView>();
    const socket = await connect(server.baseUrl, { token: presidium, meetingId: empty }, console);
    try {
      const view = await console.waitFor((v) => v.phase === 'prepared');
      expect(view.attendance.total).toBe(0);
      expect(await emitAck(socket, 'presidium:openSession')).toMatchObject({ ok: false, code: 'EMPTY_ROSTER' });
      expect(await emitAck(socket, 'sitting:start', { title: '预备会议' })).toMatchObject({ ok: false, code: 'EMPTY_ROSTER' });
      // Nothing was recorded by the refusals.
      expect((await preparation(empty)).version).toBe(before.version);
      const imported = await http.request<Record<string, unknown>>('POST', `/api/meetings/${empty}/roster/import`, { fileName: '名单.xlsx', content: await countyRosterXlsx(30), groups: GROUPS }, secretariat);
      expect(imported.body).toMatchObject({ ok: true, imported: true, total: 30 });
      await console.waitFor((v) => v.attendance.total === 30);
      // With a roster the refusal is the ordinary one: nobody has signed in (R1.5).
      expect(await emitAck(socket, 'presidium:openSession')).toMatchObject({ ok: false, code: 'QUORUM_NOT_MET' });
    } finally {
      socket.disconnect();
    }
  });

  it('a bad file yields a row-by-row report and changes nothing (all or nothing)', async () => {
    const before = await preparation();
    const content = await countyRosterXlsx(300, (row, i) => {
      if (i === 10) row[1] = ''; // file row 13: empty name (title row 1, header row 2, data from row 3)
      if (i === 20) row[2] = '1排1座'; // file row 23: duplicate of row 3's seat
      if (i === 30) row[3] = '不存在代表团'; // file row 33: unknown group
    });
    const reply = await http.request<{ ok: boolean; code: string; details: { problems: { row: number; field: string }[]; problemCount: number } }>(
      'POST',
      `/api/meetings/${MEETING}/roster/import`,
      { fileName: '名单.xlsx', content, groups: GROUPS },
      secretariat,
    );
    expect(reply.status).toBe(422);
    expect(reply.body.code).toBe('INVALID_REVISION');
    expect(reply.body.details.problems.map((p) => [p.row, p.field])).toEqual([
      [13, 'name'],
      [23, 'seatNo'],
      [33, 'group'],
    ]);
    const after = await preparation();
    expect(after.version).toBe(before.version);
    expect(after.spec.delegates).toEqual(before.spec.delegates);
  });

  it('a file that is no spreadsheet, or too large, is refused with a reason', async () => {
    const junk = await http.request<{ code: string }>('POST', `/api/meetings/${MEETING}/roster/import`, { fileName: 'x.xlsx', content: Buffer.from('PK\u0003\u0004garbage').toString('base64') }, secretariat);
    expect(junk.status).toBe(400);
    const huge = await http.request<{ code: string }>('POST', `/api/meetings/${MEETING}/roster/import`, { fileName: 'x.csv', content: 'A'.repeat(8 * 1024 * 1024) }, secretariat);
    expect([400, 413]).toContain(huge.status);
  });
});

describe('a previous meeting as a template', () => {
  it('copies roster, agenda and settings into a new meeting; no pairing, attendance or votes come along', async () => {
    const template = await preparation();
    const spec = specFromTemplate(template.spec, { meetingId: 'm-prepare-next', title: '第四次会议', dates: { start: '2027-01-10', end: '2027-01-12' } });
    const created = await http.request<{ ok: boolean }>('POST', '/api/meetings', spec, secretariat);
    expect(created.status).toBe(201);
    const copy = await preparation('m-prepare-next');
    expect(copy.spec.delegates).toEqual(template.spec.delegates);
    expect(copy.spec.agenda.map((a) => a.title)).toEqual(template.spec.agenda.map((a) => a.title));
    expect(copy.settings).toEqual(template.settings);
    expect(copy.pairedSeatIds).toEqual([]);
    expect(template.pairedSeatIds).toEqual(['placeholder']);
  });
});

describe('revisions, vacancies and layout', () => {
  it('a vacancy lowers 应到 (R0.2) and the hall layout from seat numbers fills row/column', async () => {
    const prep = await preparation();
    const [gone, ...rest] = prep.spec.delegates.slice().reverse();
    const delegates: Delegate[] = rest.reverse().map((d) => ({ ...d, row: Number(d.seatNo.split('排')[0]), column: Number(d.seatNo.split('排')[1]!.replace('座', '')) }));
    const reply = await http.request<{ ok: boolean; total: number }>(
      'POST',
      `/api/meetings/${MEETING}/revision`,
      { expectedVersion: prep.version, spec: { ...prep.spec, delegates, vacancies: [{ seatNo: gone!.seatNo, name: gone!.name, reason: '辞去代表职务' }], hall: { rows: 15, columns: 20 }, settings: { quorumAtBallotOpen: 'block' } } },
      secretariat,
    );
    expect(reply.body).toMatchObject({ ok: true, total: 299 });
    const after = await preparation();
    expect(after.spec.delegates[0]).toMatchObject({ row: 1, column: 1 });
    expect(after.settings).toMatchObject({ quorumAtBallotOpen: 'block', showNotVotedOnWall: true });
    // A revision against an older version is refused: someone else edited meanwhile.
    const stale = await http.request<{ code: string }>('POST', `/api/meetings/${MEETING}/revision`, { expectedVersion: prep.version, spec: prep.spec }, secretariat);
    expect(stale.body.code).toBe('INVALID_REVISION');
  });

  it('only the secretariat or an administrator prepares; other roles and other tokens are refused', async () => {
    const prep = await preparation();
    const body = { spec: prep.spec };
    for (const role of ['presidium', 'teller', 'observer'] as const) {
      const token = await http.staffToken(role);
      expect((await http.request('POST', `/api/meetings/${MEETING}/revision`, body, token)).status).toBe(403);
      expect((await http.request('POST', `/api/meetings/${MEETING}/roster/import`, { fileName: 'x.csv', content: '' }, token)).status).toBe(403);
    }
    expect((await http.request('POST', `/api/meetings/${MEETING}/revision`, body)).status).toBe(401);
    const admin = await http.adminToken();
    expect((await http.request<{ ok: boolean }>('POST', `/api/meetings/${MEETING}/revision`, body, admin)).body.ok).toBe(true);
    // An account assigned to other meetings only.
    await http.ensureAccount({ login: 'other-clerk', displayName: '别处秘书', roles: ['secretariat'], meetings: ['m-elsewhere'], password: 'other-clerk-password' });
    const other = (await http.login('other-clerk', 'other-clerk-password')).body.token!;
    expect((await http.request('POST', `/api/meetings/${MEETING}/revision`, body, other)).status).toBe(403);
  });

  it('hostile meeting ids and bodies change nothing and crash nothing', async () => {
    const before = await preparation();
    for (const id of HOSTILE_IDS) {
      const revision = await http.request<{ ok: boolean }>('POST', `/api/meetings/${encodeURIComponent(id)}/revision`, { spec: before.spec }, secretariat);
      expect(revision.body.ok).toBe(false);
      expect(revision.status).not.toBe(500);
      const read = await http.request('GET', `/api/meetings/${encodeURIComponent(id)}/preparation`, undefined, secretariat);
      expect(read.status).not.toBe(500);
      const agenda = [{ itemId: id, title: '恶意议程', kind: 'vote', ballot: { kind: 'motion', title: '决议' } }];
      // A body refused for its roster ({} is no delegate): the hostile key must reach no prototype on the way.
      const polluted = JSON.parse(`{"spec": {"title": "x", "body": {"name": "x", "kind": "congress"}, "delegates": [{}], "${id === '__proto__' ? '__proto__' : 'x'}": {"polluted": true}}}`) as unknown;
      expect((await http.request('POST', `/api/meetings/${MEETING}/revision`, polluted, secretariat)).status).toBe(400);
      if (id !== '__proto__') {
        const withItem = await http.request<{ ok: boolean }>('POST', `/api/meetings/${MEETING}/revision`, { spec: { ...before.spec, agenda: [...before.spec.agenda, ...agenda] } }, secretariat);
        expect(withItem.status).not.toBe(500);
      }
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

/** GBK bytes of `text`, encoded by the browser-standard encoder table via a round trip through Node's ICU. */
async function gbkBytes(text: string): Promise<Uint8Array> {
  // Node has a GBK decoder (ICU) but no encoder: build the table for the characters used by decoding every 2-byte code.
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gbk');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`no GBK code for ${ch}`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}
