import type { Delegate, ItemStatus, MeetingPhase, MeetingSpec } from '../../../../shared/domain/meeting';
import type { ColumnMapping, RowProblem } from '../../../../shared/domain/preparation/roster-import';
import type { MeetingSettings } from '../../../../shared/domain/settings';
import type { DocumentUploadInput, RosterImportInput } from '../../../../shared/protocol/preparation';
import { call, type Answer } from '../staff-api';

/** GET /api/meetings/:meetingId/preparation (server/http/prepare-routes.ts). */
export interface Preparation {
  version: number;
  phase: MeetingPhase;
  spec: MeetingSpec;
  settings: MeetingSettings;
  items: Record<string, ItemStatus>;
  pairedSeatIds: string[];
}

export interface RosterReport {
  imported: boolean;
  fileKind: 'xlsx' | 'csv';
  encoding: 'utf-8' | 'gbk' | null;
  headers: string[];
  mapping: ColumnMapping;
  rows: number;
  problemCount: number;
  problems: RowProblem[];
  count: number;
  preview: Delegate[];
}

/** A summary of a meeting as GET /api/meetings lists it, with its body (for templates). */
export interface MeetingListing {
  meetingId: string;
  title: string;
  phase: MeetingPhase;
  body: { name: string; kind: MeetingSpec['body']['kind'] };
}

const path = (meetingId: string, rest: string) => `/api/meetings/${encodeURIComponent(meetingId)}/${rest}`;

export function loadPreparation(token: string, meetingId: string): Promise<Answer<Preparation>> {
  return call(path(meetingId, 'preparation'), { token });
}

export function listMeetingsWithBody(token: string): Promise<Answer<{ meetings: MeetingListing[] }>> {
  return call('/api/meetings', { token });
}

/** Everything but the meetingId, which the path names. */
export type RevisedSpec = Omit<MeetingSpec, 'meetingId'>;

export function revise(token: string, meetingId: string, spec: RevisedSpec, expectedVersion?: number): Promise<Answer<{ version: number; total: number }>> {
  return call(path(meetingId, 'revision'), { method: 'POST', token, body: JSON.stringify({ spec, ...(expectedVersion ? { expectedVersion } : {}) }) });
}

export function importRoster(token: string, meetingId: string, input: RosterImportInput): Promise<Answer<RosterReport & { version?: number }>> {
  return call(path(meetingId, 'roster/import'), { method: 'POST', token, body: JSON.stringify(input) });
}

export function uploadDocument(token: string, meetingId: string, input: DocumentUploadInput): Promise<Answer<{ docId: string }>> {
  return call(path(meetingId, 'documents'), { method: 'POST', token, body: JSON.stringify(input) });
}

export function createMeeting(token: string, spec: MeetingSpec): Promise<Answer<{ meetingId: string; version: number }>> {
  return call('/api/meetings', { method: 'POST', token, body: JSON.stringify(spec) });
}

/** An attachment opened in a new tab: fetched with the token (never in a URL), shown from a blob. */
export async function openDocument(token: string, meetingId: string, docId: string): Promise<void> {
  const res = await fetch(path(meetingId, `documents/${encodeURIComponent(docId)}`), { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) return;
  const url = URL.createObjectURL(await res.blob());
  window.open(url, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file as base64, for the JSON bodies of the import and upload routes. */
export async function fileBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/** A revision body from a full spec. */
export function withoutId(spec: MeetingSpec): RevisedSpec {
  const { meetingId: _id, ...rest } = spec;
  return rest;
}
