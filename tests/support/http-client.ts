import { createHash } from 'node:crypto';
import type { MeetingSpecInput } from '../../shared/protocol/meeting';
import { TEST_ADMIN_PASSWORD, TEST_STAFF_PASSWORD } from './test-config';

/** The roles the legacy helpers log in as; a "presidium" test account is a chair. */
export type TestStaffRole = 'secretariat' | 'presidium' | 'teller' | 'observer';
const TEST_ROLES: Record<TestStaffRole, string[]> = {
  secretariat: ['secretariat'],
  presidium: ['chair'],
  teller: ['teller'],
  observer: ['observer'],
};
const DEFAULT_NAMES: Record<TestStaffRole, string> = {
  secretariat: '秘书处',
  presidium: '主席团',
  teller: '计票人',
  observer: '观察员',
};

export interface HttpReply<T = Record<string, unknown>> {
  status: number;
  body: T;
}

function testLogin(role: TestStaffRole, name: string): string {
  // Login names are at most 32 characters: a short digest of the name keeps different names apart.
  return name === DEFAULT_NAMES[role] ? `test-${role}` : `test-${role}-${createHash('sha256').update(name).digest('hex').slice(0, 10)}`;
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

  /**
   * A staff token for a test account holding `role` (a "presidium" account is a chair, so it
   * also decides two-person requests). The account is made on first use by the administrator,
   * acts on every meeting, and is named `name` in the log. Different names are different people.
   */
  async staffToken(role: TestStaffRole, name = DEFAULT_NAMES[role]): Promise<string> {
    const login = testLogin(role, name);
    let reply = await this.login(login, TEST_STAFF_PASSWORD);
    if (reply.status === 401) {
      await this.staffAccount(role, name);
      reply = await this.login(login, TEST_STAFF_PASSWORD);
    }
    if (!reply.body.ok || !reply.body.token) throw new Error(`staff login failed: ${JSON.stringify(reply.body)}`);
    return reply.body.token;
  }

  /** Makes (if needed) the test account staffToken uses and returns what a person types at the login. */
  async staffAccount(role: TestStaffRole, name = DEFAULT_NAMES[role]): Promise<{ login: string; password: string }> {
    const login = testLogin(role, name);
    await this.ensureAccount({ login, displayName: name, roles: TEST_ROLES[role], allMeetings: true, password: TEST_STAFF_PASSWORD });
    return { login, password: TEST_STAFF_PASSWORD };
  }

  /** POST /api/auth/staff with an account's login name and password. */
  login(login: string, password: string): Promise<HttpReply<{ ok: boolean; token?: string; code?: string; account?: Record<string, unknown> }>> {
    return this.request('POST', '/api/auth/staff', { login, password });
  }

  /** The first administrator's token ("admin", ADMIN_PASSWORD of the test servers). */
  async adminToken(): Promise<string> {
    const reply = await this.login('admin', TEST_ADMIN_PASSWORD);
    if (!reply.body.ok || !reply.body.token) throw new Error(`admin login failed: ${JSON.stringify(reply.body)}`);
    return reply.body.token;
  }

  /** Creates an account as the administrator; an existing login is left as it is. */
  async ensureAccount(account: {
    login: string;
    displayName: string;
    roles: string[];
    meetings?: string[];
    allMeetings?: boolean;
    password: string;
  }): Promise<void> {
    const reply = await this.request('POST', '/api/accounts', account, await this.adminToken());
    if (reply.status !== 201 && reply.status !== 409) throw new Error(`creating account ${account.login} failed: ${JSON.stringify(reply.body)}`);
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
