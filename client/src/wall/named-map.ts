import type { NamedSeatMap } from '../../../shared/domain/named-seat-map';

/** GET the seat map of a published named ballot; null when there is none to show (or offline). */
export async function fetchNamedMap(token: string, meetingId: string, ballotId: string): Promise<NamedSeatMap | null> {
  try {
    const res = await fetch(`/api/meetings/${encodeURIComponent(meetingId)}/ballots/${encodeURIComponent(ballotId)}/named-map`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as { ok?: boolean } & Partial<NamedSeatMap>;
    if (!body.ok || !Array.isArray(body.seats)) return null;
    return { ballotId: String(body.ballotId), title: String(body.title), rows: Number(body.rows), columns: Number(body.columns), seats: body.seats };
  } catch {
    return null;
  }
}
