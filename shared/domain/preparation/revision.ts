import { checkBallotSpec } from '../ballots/kinds';
import type { CommandContext, Decision } from '../decision';
import type { AgendaDocument, AgendaItemSpec, ItemStatus, MeetingSpec, MeetingState, SeatState } from '../meeting';
import { newSeat } from '../new-seat';
import { meetingSpecProblems } from '../roster';
import { MAX_DOCUMENTS_PER_ITEM, bytesOfBase64, documentProblems } from './documents';

/**
 * The secretariat revises a prepared meeting (issue 10, "Preparation"): one MeetingRevised event
 * carries the whole new spec, so the fold, the stores and every node take it like MeetingCreated.
 *
 * Rules (R7.1: the roster and the agenda are fixed before the session):
 * - the roster (delegates, vacancies, body) changes only while the phase is 'prepared'; once the
 *   session opens, 应到 is frozen (R0.2) and the roster with it;
 * - agenda items not yet started (status 'pending') may still be added, edited or removed during
 *   the session; a started or finished item stays exactly as it was;
 * - a seat that stays on the roster keeps its state (pairing, attendance, open codes): the id is
 *   the seat, the name and number are its data;
 * - a vacancy (出缺) takes the seat out of 应到 (R0.2): 应到 before the session is the roster's size.
 */

export type AttachDocumentCommand = { type: 'AttachDocument'; itemId: string; document: AgendaDocument; content: string };

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Item kinds under which a prepared ballot makes sense; discussion items (报告/审议, 询问) offer no vote form. */
export const DISCUSSION_KINDS: readonly AgendaItemSpec['kind'][] = ['report', 'inquiry'];

/** Problems of `next` as a revision of `state`'s meeting; [] when it may be recorded. O(N + items). */
export function revisionProblems(state: MeetingState, next: MeetingSpec): string[] {
  const before = state.spec;
  const problems = [...meetingSpecProblems(next)];
  if (next.meetingId !== before.meetingId) problems.push('meetingId cannot change');
  // An empty roster is allowed while prepared (a new meeting awaits its import); decide refuses
  // to open the session or a sitting with 0 seats (EMPTY_ROSTER, roster-required.ts).

  const seatNos = new Set<string>();
  for (const d of next.delegates) {
    const no = d.seatNo.trim();
    if (seatNos.has(no)) problems.push(`座位号重复 ${JSON.stringify(no)} (duplicate seat number)`);
    seatNos.add(no);
  }
  for (const v of next.vacancies ?? []) {
    if (seatNos.has(v.seatNo.trim())) problems.push(`座位 ${v.seatNo} 既是出缺又有代表 (a vacant seat cannot hold a delegate)`);
  }

  if (state.phase !== 'prepared') {
    // R0.2: 应到 is frozen when the session opens; the roster is frozen with it.
    if (!same(next.delegates, before.delegates) || !same(next.vacancies ?? [], before.vacancies ?? [])) {
      problems.push('会议已开幕，名单不能再修改 (the roster is fixed once the session opens)');
    }
    if (!same(next.body, before.body)) problems.push('会议已开幕，会议机构不能再修改 (the body is fixed once the session opens)');
  }

  const beforeItems = new Map(before.agenda.map((item) => [item.itemId, item] as const));
  const nextItems = new Map(next.agenda.map((item) => [item.itemId, item] as const));
  for (const [itemId, status] of state.items.entries()) {
    if (status === 'pending') continue;
    const now = nextItems.get(itemId);
    if (!now) problems.push(`议程 ${itemId} 已开始，不能删除 (a started item cannot be removed)`);
    else if (!same(now, beforeItems.get(itemId))) problems.push(`议程 ${itemId} 已开始，不能修改 (a started item cannot change)`);
  }
  for (const item of next.agenda) {
    if (item.ballot) {
      if (DISCUSSION_KINDS.includes(item.kind)) {
        problems.push(`议程 ${item.itemId} 是审议或询问事项，不设表决 (a discussion item carries no ballot)`);
      }
      for (const p of checkBallotSpec(item.ballot)) problems.push(`议程 ${item.itemId}: ${p}`);
    }
    const known = new Map((beforeItems.get(item.itemId)?.documents ?? []).map((d) => [d.docId, d] as const));
    const docs = item.documents ?? [];
    if (docs.length > MAX_DOCUMENTS_PER_ITEM) problems.push(`议程 ${item.itemId}: 附件超过 ${MAX_DOCUMENTS_PER_ITEM} 个`);
    for (const doc of docs) {
      const had = known.get(doc.docId);
      // Attachments arrive with their content (AttachDocument); a revision may keep, retitle or drop them.
      if (!had || had.kind !== doc.kind || had.bytes !== doc.bytes) {
        problems.push(`议程 ${item.itemId}: 附件 ${doc.docId} 不是本议程已上传的文件 (attachments are added by upload)`);
      }
    }
  }
  return problems;
}

export function decideRevision(state: MeetingState, spec: MeetingSpec, { actor, now }: CommandContext): Decision {
  if (state.phase === 'closed') return { ok: false, code: 'SESSION_CLOSED', message: 'the session is closed' };
  const problems = revisionProblems(state, spec);
  if (problems.length > 0) return { ok: false, code: 'INVALID_REVISION', message: problems.join('; '), details: { problems } };
  if (same(spec, state.spec)) return { ok: true, events: [] };
  return { ok: true, events: [{ type: 'MeetingRevised', at: now, by: actor, spec }] };
}

function allDocIds(spec: MeetingSpec): Set<string> {
  return new Set(spec.agenda.flatMap((item) => (item.documents ?? []).map((d) => d.docId)));
}

export function decideAttachDocument(state: MeetingState, command: AttachDocumentCommand, { actor, now }: CommandContext): Decision {
  const { itemId, document, content } = command;
  if (state.phase === 'closed') return { ok: false, code: 'SESSION_CLOSED', message: 'the session is closed' };
  const status = state.items.get(itemId);
  const item = state.spec.agenda.find((a) => a.itemId === itemId);
  if (status === undefined || !item) return { ok: false, code: 'UNKNOWN_ITEM', message: `no agenda item ${itemId}` };
  if (status === 'done') return { ok: false, code: 'INVALID_REVISION', message: `议程 ${itemId} 已结束 (the item is finished)` };
  if ((item.documents ?? []).length >= MAX_DOCUMENTS_PER_ITEM) {
    return { ok: false, code: 'INVALID_DOCUMENT', message: `每个议程最多 ${MAX_DOCUMENTS_PER_ITEM} 个附件` };
  }
  if (allDocIds(state.spec).has(document.docId)) return { ok: false, code: 'INVALID_DOCUMENT', message: `document ${document.docId} exists` };
  if (document.title.trim().length === 0) return { ok: false, code: 'INVALID_DOCUMENT', message: '附件需要标题 (a title is required)' };
  const bytes = bytesOfBase64(content);
  if (!bytes) return { ok: false, code: 'INVALID_DOCUMENT', message: 'content is not base64' };
  const problems = documentProblems(document.kind, bytes);
  if (bytes.length !== document.bytes) problems.push(`size ${document.bytes} does not match the content (${bytes.length} bytes)`);
  if (problems.length > 0) return { ok: false, code: 'INVALID_DOCUMENT', message: problems.join('; '), details: { problems } };
  return { ok: true, events: [{ type: 'DocumentAttached', at: now, by: actor, itemId, document, content }] };
}

/**
 * MeetingRevised in the fold: O(N) once per revision (a rare, whole-roster change), never per
 * vote. Seats that stay keep their state; removed seats take their open codes and counts with them.
 */
export function applyRevision(state: MeetingState, spec: MeetingSpec): MeetingState {
  if (spec.meetingId !== state.spec.meetingId) return state;
  const keep = new Set(spec.delegates.map((d) => d.seatId));
  let { present, onLeave, openCodes } = state;
  const seats = state.seats.withMutations((all) => {
    for (const [seatId, seat] of state.seats.entries()) {
      if (keep.has(seatId)) continue;
      if (seat.attendance === 'present') present--;
      if (seat.attendance === 'on_leave') onLeave--;
      for (const hash of seat.openCodeHashes) if (openCodes.get(hash) === seatId) openCodes = openCodes.delete(hash);
      all.delete(seatId);
    }
    for (const delegate of spec.delegates) {
      const seat = all.get(delegate.seatId);
      const next: SeatState = seat ? { ...seat, delegate } : newSeat(delegate);
      all.set(delegate.seatId, next);
    }
  });
  const wanted = new Set(spec.agenda.map((a) => a.itemId));
  const items = state.items.withMutations((all) => {
    for (const itemId of [...all.keys()]) if (!wanted.has(itemId) && all.get(itemId) === 'pending') all.delete(itemId);
    for (const itemId of wanted) if (!all.has(itemId)) all.set(itemId, 'pending' as ItemStatus);
  });
  return {
    ...state,
    spec,
    seats,
    present,
    onLeave,
    openCodes,
    items,
    // R0.2: before the session 应到 is the roster's size; once open it stays as frozen.
    total: state.phase === 'prepared' ? spec.delegates.length : state.total,
  };
}

/** DocumentAttached in the fold: the metadata joins the item; the content stays in the log. */
export function applyDocumentAttached(state: MeetingState, itemId: string, document: AgendaDocument): MeetingState {
  if (!state.items.has(itemId) || allDocIds(state.spec).has(document.docId)) return state;
  const agenda = state.spec.agenda.map((item) =>
    item.itemId === itemId ? { ...item, documents: [...(item.documents ?? []), document] } : item,
  );
  return { ...state, spec: { ...state.spec, agenda } };
}
