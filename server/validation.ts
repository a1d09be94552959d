import type { z } from 'zod';
import { errorAck, type ErrorAck } from '../shared/protocol/errors';
import { FAST_PAYLOAD_READERS, type FastPayloadReader } from '../shared/protocol/fast-payloads';
import { ClientEvents, type ClientEventName, type ParsedClientPayload } from '../shared/protocol/socket';

const MAX_ISSUES_IN_MESSAGE = 5;

/** A short, readable summary of what was wrong, e.g. "choice.option: Invalid option". */
export function summarizeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, MAX_ISSUES_IN_MESSAGE).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length - MAX_ISSUES_IN_MESSAGE;
  return more > 0 ? `${parts.join('; ')}; and ${more} more` : parts.join('; ');
}

export type Parsed<T> = { ok: true; data: T } | ErrorAck;

/** Parses untrusted input with its protocol schema; a failure is a BAD_REQUEST ack. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): Parsed<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  return errorAck('BAD_REQUEST', summarizeIssues(result.error));
}

/**
 * A client event's payload, parsed with its protocol schema; the commonest shapes of a burst (a
 * motion vote) are read first without zod (shared/protocol/fast-payloads.ts), which accepts only
 * what the schema accepts and leaves everything else, and every message about what is wrong, to it.
 */
export function parseClientPayload<E extends ClientEventName>(event: E, payload: unknown): Parsed<ParsedClientPayload<E>> {
  const read = (FAST_PAYLOAD_READERS[event] as FastPayloadReader<E> | undefined)?.(payload);
  if (read) return { ok: true, data: read };
  return parseWith(ClientEvents[event], payload) as Parsed<ParsedClientPayload<E>>;
}
