import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleView } from '../../shared/domain/views';
import { HOSTILE_IDS } from '../../shared/domain/test-fixtures';
import { HttpClient } from '../support/http-client';
import { connect, ViewLog } from '../support/sockets';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * Issue 10: agenda attachments (text and PDF) kept in the meeting's log, served to the meeting's
 * staff and to its own tablets and wall; prepared ballots checked like at open.
 */
let server: TestServer;
let http: HttpClient;
let secretariat: string;
const MEETING = 'm-prepare-docs';
const OTHER = 'm-prepare-docs-other';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const spec = (meetingId: string) => ({
  meetingId,
  body: { name: '某某镇人民代表大会', kind: 'congress' as const },
  title: '第一次会议',
  delegates: [
    { seatId: 's01', seatNo: '1排1座', name: '代表1' },
    { seatId: 's02', seatNo: '1排2座', name: '代表2' },
  ],
  agenda: [
    { itemId: 'item-1', title: '听取和审议镇人民政府工作报告', kind: 'report' as const },
    { itemId: 'item-2', title: '关于镇人民政府工作报告的决议', kind: 'vote' as const },
  ],
});

async function upload(body: Record<string, unknown>, token = secretariat, meetingId = MEETING) {
  return http.request<{ ok: boolean; docId: string; code?: string }>('POST', `/api/meetings/${meetingId}/documents`, body, token);
}

async function fetchDoc(docId: string, token?: string, meetingId = MEETING) {
  const res = await fetch(`${server.baseUrl}/api/meetings/${meetingId}/documents/${encodeURIComponent(docId)}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

async function tabletToken(meetingId: string, seatId: string): Promise<string> {
  const codes = await http.issueCodes(secretariat, meetingId, [seatId]);
  const paired = await http.pair(codes.get(seatId)!, `device-${meetingId}-${seatId}`);
  return paired.body.token;
}

beforeAll(async () => {
  server = await startTestServer();
  http = new HttpClient(server.baseUrl);
  secretariat = await http.staffToken('secretariat');
  await http.createMeeting(secretariat, spec(MEETING));
  await http.createMeeting(secretariat, spec(OTHER));
});
let restartedDir: string | null = null;
afterAll(async () => {
  await server?.close();
  if (restartedDir) await rm(restartedDir, { recursive: true, force: true });
});

describe('attachments', () => {
  let pdfId = '';
  let textId = '';

  it('uploads a PDF and a text to a report item; the views carry kind and metadata only', async () => {
    const pdf = await upload({ itemId: 'item-1', title: '政府工作报告', kind: 'pdf', content: PDF.toString('base64') });
    expect(pdf.status).toBe(201);
    pdfId = pdf.body.docId;
    const text = await upload({ itemId: 'item-1', title: '报告说明', kind: 'text', content: Buffer.from('各位代表：\n现在我代表镇人民政府作报告。').toString('base64') });
    textId = text.body.docId;

    const views = new ViewLog<ConsoleView>();
    const socket = await connect(server.baseUrl, { token: secretariat, meetingId: MEETING }, views);
    try {
      const view = await views.waitFor((v) => (v.agenda[0]?.documents?.length ?? 0) === 2);
      expect(view.agenda[0]).toMatchObject({ kind: 'report', documents: [{ docId: pdfId, kind: 'pdf', bytes: PDF.length, title: '政府工作报告' }, { docId: textId, kind: 'text' }] });
      expect(JSON.stringify(view)).not.toContain(PDF.toString('base64'));
    } finally {
      socket.disconnect();
    }
  });

  it('serves the content to staff, to the meeting tablets and wall, and to nobody else', async () => {
    const staff = await fetchDoc(pdfId, secretariat);
    expect(staff).toMatchObject({ status: 200, type: 'application/pdf' });
    expect(staff.bytes.equals(PDF)).toBe(true);
    const text = await fetchDoc(textId, await http.staffToken('observer'));
    expect(text.type).toBe('text/plain; charset=utf-8');
    expect(text.bytes.toString('utf8')).toContain('现在我代表镇人民政府作报告');

    const tablet = await tabletToken(MEETING, 's01');
    expect((await fetchDoc(pdfId, tablet)).bytes.equals(PDF)).toBe(true);
    const wall = await http.request<{ token: string }>('GET', `/api/meetings/${MEETING}/wall-link`, undefined, secretariat);
    expect((await fetchDoc(pdfId, wall.body.token)).status).toBe(200);

    const otherTablet = await tabletToken(OTHER, 's01');
    expect((await fetchDoc(pdfId, otherTablet)).status).toBe(403);
    expect((await fetchDoc(pdfId, otherTablet, OTHER)).status).toBe(404);
    expect((await fetchDoc(pdfId)).status).toBe(401);
  });

  it('refuses a fake PDF, an empty file, other roles, unknown and hostile items', async () => {
    const fake = await upload({ itemId: 'item-1', title: '伪装', kind: 'pdf', content: Buffer.from('<html>not a pdf</html>').toString('base64') });
    expect(fake.body).toMatchObject({ ok: false, code: 'INVALID_DOCUMENT' });
    const empty = await upload({ itemId: 'item-1', title: '空', kind: 'text', content: '' });
    expect(empty.body.ok).toBe(false);
    expect((await upload({ itemId: 'item-1', title: 'x', kind: 'text', content: 'eA==' }, await http.staffToken('presidium'))).status).toBe(403);
    for (const id of HOSTILE_IDS) {
      const reply = await upload({ itemId: id, title: 'x', kind: 'text', content: 'eA==' });
      expect(reply.body.ok).toBe(false);
      expect(reply.status).not.toBe(500);
      const read = await fetchDoc(id, secretariat);
      expect([400, 404]).toContain(read.status);
    }
  });

  it('a dropped attachment is no longer served; the content survives a restart of the server', async () => {
    const prep = await http.request<{ version: number; spec: { agenda: { documents?: { docId: string }[] }[] } }>('GET', `/api/meetings/${MEETING}/preparation`, undefined, secretariat);
    const agenda = prep.body.spec.agenda.map((item) => ({ ...item, documents: (item.documents ?? []).filter((d) => d.docId !== textId) }));
    const revised = await http.request<{ ok: boolean }>('POST', `/api/meetings/${MEETING}/revision`, { spec: { ...prep.body.spec, agenda } }, secretariat);
    expect(revised.body.ok).toBe(true);
    expect((await fetchDoc(textId, secretariat)).status).toBe(404);

    // Restart on the same data: the fold has only the metadata; the content is read from the log.
    restartedDir = server.dataDir;
    await server.app.close();
    await server.store.close();
    server = await startTestServer({ dataDir: restartedDir });
    http = new HttpClient(server.baseUrl);
    secretariat = await http.staffToken('secretariat');
    const again = await fetchDoc(pdfId, secretariat);
    expect(again.status).toBe(200);
    expect(again.bytes.equals(PDF)).toBe(true);
  });
});

describe('prepared ballots in the agenda editor', () => {
  it('checks a prepared ballot with the domain rules at revision time, and a report item takes none', async () => {
    const prep = await http.request<{ spec: ReturnType<typeof spec> }>('GET', `/api/meetings/${OTHER}/preparation`, undefined, secretariat);
    const named = { kind: 'rating', title: '满意度测评', secrecy: 'named', rating: { subjects: [{ subjectId: 's1', name: '张三', kind: 'appointee' }] } };
    const agenda = [...prep.body.spec.agenda, { itemId: 'item-3', title: '测评', kind: 'rating', ballot: named }];
    const refused = await http.request<{ ok: boolean; code: string; message: string }>('POST', `/api/meetings/${OTHER}/revision`, { spec: { ...prep.body.spec, agenda } }, secretariat);
    expect(refused.body).toMatchObject({ ok: false, code: 'INVALID_REVISION' });
    expect(refused.body.message).toContain('R5.2');
    const onReport = prep.body.spec.agenda.map((a) => (a.itemId === 'item-1' ? { ...a, ballot: { kind: 'motion', title: '决议' } } : a));
    expect((await http.request<{ ok: boolean }>('POST', `/api/meetings/${OTHER}/revision`, { spec: { ...prep.body.spec, agenda: onReport } }, secretariat)).body.ok).toBe(false);
    const good = [...prep.body.spec.agenda, { itemId: 'item-3', title: '测评', kind: 'rating', ballot: { ...named, secrecy: 'anonymous', durationSec: 120 } }];
    expect((await http.request<{ ok: boolean }>('POST', `/api/meetings/${OTHER}/revision`, { spec: { ...prep.body.spec, agenda: good } }, secretariat)).body.ok).toBe(true);
  });
});
