import type { MeetingSpecInput } from '../../shared/protocol/meeting';
import { TEST_STAFF_PASSWORD } from './test-config';

export interface HttpReply<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** Plain fetch with JSON in and out, as any client of the documented API would do. */
export class HttpClient {
  constructor(readonly baseUrl: string) {}

  async request<T = Record<string, unknown>>(method: string, path: string, body?: unknown, token?: string): Promise<HttpReply<T>> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers['authorization'] = `Bearer ${token}`;
    const res = await fetch(this.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }

  async staffToken(role: 'secretariat' | 'presidium', name = role === 'secretariat' ? '秘书处' : '主席团'): Promise<string> {
    const reply = await this.request<{ ok: boolean; token: string }>('POST', '/api/auth/staff', {
      role,
      name,
      password: TEST_STAFF_PASSWORD,
    });
    if (!reply.body.ok) throw new Error(`staff login failed: ${JSON.stringify(reply.body)}`);
    return reply.body.token;
  }

  async createMeeting(token: string, spec: MeetingSpecInput): Promise<string> {
    const reply = await this.request<{ ok: boolean; meetingId: string }>('POST', '/api/meetings', spec, token);
    if (!reply.body.ok) throw new Error(`create meeting failed: ${JSON.stringify(reply.body)}`);
    return reply.body.meetingId;
  }

  async issueCodes(token: string, meetingId: string, seatIds?: string[]): Promise<Map<string, string>> {
    const reply = await this.request<{ ok: boolean; codes: { seatId: string; code: string }[] }>(
      'POST',
      `/api/meetings/${meetingId}/pairing-codes`,
      seatIds ? { seatIds } : {},
      token,
    );
    if (!reply.body.ok) throw new Error(`issue codes failed: ${JSON.stringify(reply.body)}`);
    return new Map(reply.body.codes.map((c) => [c.seatId, c.code]));
  }

  async pair(code: string, deviceId: string): Promise<HttpReply<{ ok: boolean; token: string; meetingId: string; seatId: string; code?: string }>> {
    return this.request('POST', '/api/pair', { code, deviceId });
  }
}
