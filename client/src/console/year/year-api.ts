import type { BodySummary, BodyView } from '../../../../shared/domain/year/views';
import { call, type Answer } from '../staff-api';

/** The body registry's staff endpoints (docs/PROTOCOL.md "Bodies and the year"). */
export function listBodies(token: string): Promise<Answer<{ bodies: BodySummary[] }>> {
  return call('/api/bodies', { token });
}

export function getBody(token: string, bodyId: string): Promise<Answer<{ body: BodyView }>> {
  return call(`/api/bodies/${encodeURIComponent(bodyId)}`, { token });
}

/** POST/PUT under /api/bodies/:bodyId; every answer carries the body's new view. */
export function bodyAction<T extends object = object>(
  token: string,
  bodyId: string,
  path: string,
  body: unknown,
  method: 'POST' | 'PUT' = 'POST',
): Promise<Answer<{ body: BodyView } & T>> {
  return call(`/api/bodies/${encodeURIComponent(bodyId)}${path}`, { method, token, body: JSON.stringify(body) });
}

const UPLOAD_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];

/**
 * POST …/progress/:reportId/attachments: the file itself is the body (the server reads its kind
 * from the magic bytes; an unusual browser type goes as application/octet-stream).
 */
export async function uploadProgressFile(
  token: string,
  bodyId: string,
  projectId: string,
  reportId: string,
  file: File,
  title: string,
): Promise<Answer<{ body: BodyView; docId: string }>> {
  const query = new URLSearchParams({ title, fileName: file.name });
  const path = `/api/bodies/${encodeURIComponent(bodyId)}/projects/${encodeURIComponent(projectId)}/progress/${encodeURIComponent(reportId)}/attachments?${query}`;
  try {
    const res = await fetch(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': UPLOAD_TYPES.includes(file.type) ? file.type : 'application/octet-stream' },
      body: file,
    });
    const answer = (await res.json().catch(() => null)) as Answer<{ body: BodyView; docId: string }> | null;
    return answer && typeof answer.ok === 'boolean' ? answer : { ok: false, code: 'INTERNAL', message: `HTTP ${res.status}` };
  } catch (err) {
    return { ok: false, code: 'OFFLINE', message: String(err) };
  }
}

/**
 * A progress attachment as a blob: URL (the token goes in a header, never in a URL), for an
 * <img> or the browser's own PDF viewer; the caller revokes it. Null when it cannot be read.
 * `path`: /api/bodies/:bodyId/projects/:projectId/attachments/:docId (staff) or
 * /api/my/projects/:projectId/attachments/:docId (delegate).
 */
export async function attachmentBlobUrl(token: string, path: string): Promise<string | null> {
  try {
    const res = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
    return res.ok ? URL.createObjectURL(await res.blob()) : null;
  } catch {
    return null;
  }
}

/** Yuan typed by a person → whole fen. */
export function yuanToFen(yuan: string): number | null {
  const n = Number(yuan);
  return Number.isFinite(n) && n >= 0 ? Math.round(n * 100) : null;
}

/** Epoch ms → YYYY-MM-DD in Beijing. */
export function beijingDate(at: number): string {
  return new Date(at + 8 * 3600 * 1000).toISOString().slice(0, 10);
}
