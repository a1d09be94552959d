import { describe, expect, it } from 'vitest';
import { ACK_SCHEMAS } from '../../shared/protocol/acks';
import type { EventHandler } from './bind-event';

/*
 * A handler answers what its event's ack schema admits (EventHandler<E> returns ClientAnswer<E>,
 * shared/protocol/event-map.ts). Most of this is checked by `npx tsc --noEmit`: each
 * `@ts-expect-error` fails the typecheck the day its line stops being an error.
 */

const receipt = { receiptId: 'r-1', ballotId: 'b1', seatId: 's1', at: 1 };
const castAnswer = { ok: true as const, receipt, duplicate: false };
const requestedAnswer = { ok: true as const, version: 12, pendingRequestId: 'req-1' };

/** Never called: compiled only. */
export function handlersAnswerTheirAcks(): void {
  const cast: EventHandler<'ballot:cast'> = async () => castAnswer;
  const attendance: EventHandler<'staff:recordAttendance'> = async () => requestedAnswer;
  const refused: EventHandler<'presidium:closeBallot'> = async () => ({ ok: false, code: 'BALLOT_NOT_OPEN', message: 'the ballot is closed' });
  // @ts-expect-error a cast answered without its receipt
  const receiptless: EventHandler<'ballot:cast'> = async () => ({ ok: true, duplicate: false });
  // @ts-expect-error a command answered without the meeting's version
  const versionless: EventHandler<'presidium:closeBallot'> = async () => ({ ok: true });
  // @ts-expect-error a refusal with a code the protocol does not have
  const unknownCode: EventHandler<'presidium:closeBallot'> = async () => ({ ok: false, code: 'NOPE', message: '?' });
  void [cast, attendance, refused, receiptless, versionless, unknownCode];
}

describe('handler answers and the documented ack schemas agree at run time too', () => {
  it('a cast receipt and an attendance change waiting for a chair parse with their schemas', () => {
    expect(ACK_SCHEMAS['ballot:cast'].safeParse(castAnswer).error).toBeUndefined();
    expect(ACK_SCHEMAS['staff:recordAttendance'].safeParse(requestedAnswer).error).toBeUndefined();
  });
});
