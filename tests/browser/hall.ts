import { HttpClient } from '../support/http-client';

/** A seat card as the server issues it: the code and the link its QR code holds. */
export interface SeatCard {
  seatId: string;
  seatNo: string;
  name: string;
  code: string;
  url: string;
}

/** POST /api/meetings/:id/pairing-codes, keeping the whole card (HttpClient.issueCodes keeps only the codes). */
export async function issueSeatCards(http: HttpClient, token: string, meetingId: string, seatIds?: string[]): Promise<SeatCard[]> {
  const reply = await http.request<{ ok: boolean; codes: SeatCard[] }>(
    'POST',
    `/api/meetings/${meetingId}/pairing-codes`,
    seatIds ? { seatIds } : {},
    token,
  );
  if (!reply.body.ok) throw new Error(`issue codes failed: ${JSON.stringify(reply.body)}`);
  return reply.body.codes;
}
