// docs/PROTOCOL.md is a contract: its schema reference is generated from shared/protocol/ and
// must be current, and every event and error code has what a client needs to handle it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_PAGE, renderProtocolReference, withReference } from '../../scripts/protocol-docs';
import { ACK_SCHEMAS, SERVER_EVENT_SCHEMAS } from '../../shared/protocol/acks';
import { ERROR_ADVICE } from '../../shared/protocol/error-advice';
import { ERROR_CODES } from '../../shared/protocol/errors';
import { ClientEvents, SERVER_EVENTS } from '../../shared/protocol/socket';

describe('docs/PROTOCOL.md', () => {
  it('holds the current generated schema reference (run `npm run docs:protocol` after changing shared/protocol/)', () => {
    const page = readFileSync(PROTOCOL_PAGE, 'utf8');
    // Compared as text so that a failure shows the lines that differ.
    expect(page).toBe(withReference(page));
  });

  it('describes the success ack of every client event', () => {
    const missing = Object.keys(ClientEvents).filter((event) => !(event in ACK_SCHEMAS));
    expect(missing, 'add them to shared/protocol/acks.ts').toEqual([]);
  });

  it('describes the payload of every server push, and no push the server does not send', () => {
    expect(Object.keys(SERVER_EVENT_SCHEMAS).sort()).toEqual(Object.values(SERVER_EVENTS).sort());
  });

  it('says for every error code whether a client retries it and what it does', () => {
    const missing = ERROR_CODES.filter((code) => !ERROR_ADVICE[code]);
    expect(missing, 'add them to shared/protocol/error-advice.ts').toEqual([]);
    expect(renderProtocolReference()).not.toContain('(no entry in');
  });
});
