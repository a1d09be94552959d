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

/** Yuan typed by a person → whole fen. */
export function yuanToFen(yuan: string): number | null {
  const n = Number(yuan);
  return Number.isFinite(n) && n >= 0 ? Math.round(n * 100) : null;
}

/** Epoch ms → YYYY-MM-DD in Beijing. */
export function beijingDate(at: number): string {
  return new Date(at + 8 * 3600 * 1000).toISOString().slice(0, 10);
}
