// Photos and documents of a 民生实事 progress report (issue 12, R4 step 4): kind read from the
// magic bytes, size-limited, file name sanitised; the content rides in the event only, the
// state keeps metadata; an unknown project or report and hostile ids change nothing.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../meeting';
import { HOSTILE_IDS } from '../test-fixtures';
import { MAX_PROGRESS_ATTACHMENT_BYTES, attachmentKindOf, attachmentProblems, sanitizeFileName } from './attachments';
import type { BodyState } from './body';
import { decideBody, decideCreateBody, type BodyCommand } from './decide';
import { evolveBody, foldBody } from './evolve';

const STAFF: Actor = { role: 'secretariat', name: '办公室 王芳' };
const T0 = Date.UTC(2027, 3, 2, 2, 0, 0);

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]);
const PDF = new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n');
const HTML = new TextEncoder().encode('<html><script>alert(1)</script>');
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

function decided(state: BodyState, command: BodyCommand) {
  return decideBody(state, command, { actor: STAFF, now: T0 });
}
function run(state: BodyState, command: BodyCommand): BodyState {
  const d = decided(state, command);
  if (!d.ok) throw new Error(`${d.code}: ${d.message}`);
  return d.events.reduce(evolveBody, state);
}

/** A county congress with project p-water adopted in 2027 and its first-quarter report q1. */
function withReport(): BodyState {
  const created = decideCreateBody(
    { type: 'CreateBody', info: { bodyId: 'county', name: '沿河县人民代表大会', kind: 'congress', level: 'county', term: 18, convener: null, parentBodyId: null } },
    { actor: STAFF, now: T0 },
  );
  if (!created.ok) throw new Error(created.message);
  let s = foldBody(created.events)!;
  s = run(s, { type: 'SetRoster', members: [{ memberId: 'm1', seatNo: '1号', name: '成员1', group: '', category: null }] });
  s = run(s, { type: 'LinkMeeting', meeting: { meetingId: 'cong-3', sessionNo: 3, year: 2027, title: '第三次会议', regular: true, items: [] } });
  s = run(s, {
    type: 'CollectProject',
    project: { projectId: 'p-water', year: 2027, title: '农村饮水提升', sponsorUnit: '县水务局', budgetFen: 100_000_000, summary: '', source: 'department', sourceRef: null, forwardedFrom: null },
  });
  s = run(s, { type: 'ScreenProject', projectId: 'p-water', accept: true, reason: null });
  s = run(s, { type: 'SubmitProject', projectId: 'p-water', accept: true, reason: null });
  s = run(s, {
    type: 'DecideProjects',
    decision: { year: 2027, meetingId: 'cong-3', ballotIds: ['b1'], adopted: ['p-water'], passedAt: T0, motionTitle: '议案', sessionTitle: '第三次会议' },
  });
  return run(s, { type: 'ReportProgress', projectId: 'p-water', report: { reportId: 'q1', year: 2027, quarter: 1, percent: 20, spentFen: 2_000_000, note: '', documents: [] } });
}

const attach = (over: Partial<Extract<BodyCommand, { type: 'AttachProgressFile' }>> = {}): BodyCommand => ({
  type: 'AttachProgressFile',
  projectId: 'p-water',
  reportId: 'q1',
  docId: 'pd-1',
  title: '水厂施工现场',
  kind: 'png',
  fileName: 'site.png',
  content: b64(PNG),
  ...over,
});

describe('magic bytes, size, file names', () => {
  it('PDF, JPEG and PNG by their first bytes; HTML and empty are nothing', () => {
    expect([PDF, JPEG, PNG, HTML, new Uint8Array()].map(attachmentKindOf)).toEqual(['pdf', 'jpeg', 'png', null, null]);
  });

  it('refuses empty, over 8 MiB, unknown content and a kind the bytes contradict', () => {
    expect(attachmentProblems('png', PNG)).toEqual([]);
    expect(attachmentProblems('png', new Uint8Array())).toHaveLength(1);
    const big = new Uint8Array(MAX_PROGRESS_ATTACHMENT_BYTES + 1);
    big.set(PNG);
    expect(attachmentProblems('png', big)[0]).toContain('8 MB');
    expect(attachmentProblems('pdf', HTML)[0]).toContain('PDF、JPEG 或 PNG');
    expect(attachmentProblems('jpeg', PNG)[0]).toContain('not jpeg');
  });

  it('file names lose directories, control and bidi characters, leading dots, and end in the real kind', () => {
    expect(sanitizeFileName('../../etc/passwd', 'pdf')).toBe('passwd.pdf');
    expect(sanitizeFileName('C:\\照片\\现场.JPG', 'jpeg')).toBe('现场.jpg');
    expect(sanitizeFileName('a\u0000b\u202egpj.exe', 'png')).toBe('abgpj.exe.png');
    expect(sanitizeFileName('"x";filename=y.png', 'png')).toBe('_x__filename=y.png');
    expect(sanitizeFileName('...', 'pdf')).toBe('attachment.pdf');
    expect(sanitizeFileName('长'.repeat(300), 'pdf')).toHaveLength(100);
  });
});

describe('AttachProgressFile → ProgressAttachmentAdded', () => {
  it('the event carries the content; the state keeps metadata with the sanitised name, size and author', () => {
    const s = withReport();
    const d = decided(s, attach({ fileName: '../现场.png' }));
    if (!d.ok) throw new Error(d.message);
    expect(d.events).toEqual([
      {
        type: 'ProgressAttachmentAdded',
        at: T0,
        by: STAFF,
        projectId: 'p-water',
        reportId: 'q1',
        content: b64(PNG),
        attachment: { docId: 'pd-1', title: '水厂施工现场', kind: 'png', fileName: '现场.png', bytes: 12, at: T0, by: STAFF.name },
      },
    ]);
    const next = d.events.reduce(evolveBody, s);
    const report = next.projects.get('p-water')!.progress[0]!;
    expect(report.attachments).toEqual([{ docId: 'pd-1', title: '水厂施工现场', kind: 'png', fileName: '现场.png', bytes: 12, at: T0, by: STAFF.name }]);
    expect(JSON.stringify(next.projects.get('p-water'))).not.toContain(b64(PNG));
    // The earlier state is untouched (persistent maps).
    expect(s.projects.get('p-water')!.progress[0]!.attachments).toBeUndefined();
  });

  it('a second file is appended; its docId may not repeat', () => {
    const s = run(withReport(), attach());
    const two = run(s, attach({ docId: 'pd-2', kind: 'pdf', fileName: '验收.pdf', content: b64(PDF) }));
    expect(two.projects.get('p-water')!.progress[0]!.attachments!.map((a) => [a.docId, a.kind])).toEqual([
      ['pd-1', 'png'],
      ['pd-2', 'pdf'],
    ]);
    expect(decided(two, attach())).toMatchObject({ ok: false, code: 'DUPLICATE_RECORD' });
  });

  it('bad magic bytes, a kind the bytes contradict, or not base64: INVALID_DOCUMENT', () => {
    const s = withReport();
    expect(decided(s, attach({ kind: 'pdf', content: b64(HTML) }))).toMatchObject({ ok: false, code: 'INVALID_DOCUMENT' });
    expect(decided(s, attach({ kind: 'jpeg' }))).toMatchObject({ ok: false, code: 'INVALID_DOCUMENT' });
    expect(decided(s, attach({ content: '<<not base64>>' }))).toMatchObject({ ok: false, code: 'INVALID_DOCUMENT' });
  });

  it('an unknown project or report, and hostile ids, are UNKNOWN_RECORD', () => {
    const s = withReport();
    expect(decided(s, attach({ projectId: 'p-none' }))).toMatchObject({ ok: false, code: 'UNKNOWN_RECORD' });
    expect(decided(s, attach({ reportId: 'q9' }))).toMatchObject({ ok: false, code: 'UNKNOWN_RECORD' });
    for (const id of HOSTILE_IDS) {
      expect(decided(s, attach({ projectId: id }))).toMatchObject({ ok: false, code: 'UNKNOWN_RECORD' });
      expect(decided(s, attach({ reportId: id }))).toMatchObject({ ok: false, code: 'UNKNOWN_RECORD' });
    }
  });
});
