import { describe, expect, it, vi } from 'vitest';
import * as fastPayloads from '../shared/protocol/fast-payloads';
import { parseClientPayload } from './validation';

describe('parseClientPayload (server/validation.ts)', () => {
  it('reads a motion vote with the fast reader and gives the schema nothing to do', () => {
    const reader = vi.spyOn(fastPayloads.FAST_PAYLOAD_READERS, 'ballot:cast');
    const payload = { ballotId: 'ballot-1', idempotencyKey: 'cast-key-s0001', choice: { option: 'yes' } };
    expect(parseClientPayload('ballot:cast', payload)).toEqual({ ok: true, data: payload });
    expect(reader).toHaveReturnedWith(payload);
    reader.mockRestore();
  });

  it("answers other papers from the schema, and what is wrong in the schema's words", () => {
    const election = { ballotId: 'ballot-1', idempotencyKey: 'cast-key-s0001', choice: { chosen: ['c1', 'c2'] } };
    expect(parseClientPayload('ballot:cast', election)).toEqual({ ok: true, data: election });
    const refused = parseClientPayload('ballot:cast', { ballotId: '__proto__', idempotencyKey: 'short', choice: { option: 'yes' } });
    expect(refused).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    expect(refused.ok === false && refused.message).toMatch(/ballotId: __proto__ is not an id.*idempotencyKey/);
  });

  it('parses events without a fast reader with their schema', () => {
    expect(parseClientPayload('meeting:sync', {})).toEqual({ ok: true, data: {} });
    expect(parseClientPayload('meeting:sync', { extra: 1 })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
  });
});
