import { z } from 'zod';
import { checkBallotSpec } from '../domain/ballots/kinds';
import { BallotDraftSchema } from './ballots';
import { IdSchema, text } from './ids';
import { AGENDA_ITEM_KINDS, delegateExtras, specExtras } from './preparation-spec';

const id = IdSchema;

export const DelegateSchema = z.object({
  seatId: id,
  seatNo: text(32),
  name: text(64),
  group: z.string().trim().max(64).default(''),
  ...delegateExtras,
});

export const AgendaItemSchema = z.object({
  itemId: id,
  title: text(200),
  kind: z.enum(AGENDA_ITEM_KINDS).default('vote'),
  /** A ballot prepared for this item; the console opens it with presidium:openPrepared. */
  ballot: BallotDraftSchema.optional(),
});

/** Body of POST /api/meetings: what the secretariat prepares before the session. */
export const MeetingSpecSchema = z
  .object({
    meetingId: id.optional(),
    body: z.object({
      name: text(100),
      kind: z.enum(['congress', 'standing_committee', 'street_congress']),
      /** The body (GET /api/bodies) this meeting belongs to (issue 12). */
      bodyId: id.optional(),
    }),
    title: text(200),
    // May be empty: a meeting made in the console gets its roster by import; OpenSession refuses 0 seats (EMPTY_ROSTER).
    delegates: z.array(DelegateSchema).max(5000),
    presidium: z.array(text(64)).max(100).default([]),
    agenda: z.array(AgendaItemSchema).max(200).default([]),
    ...specExtras,
  })
  .superRefine((spec, ctx) => {
    const seen = new Set<string>();
    spec.delegates.forEach((d, i) => {
      if (seen.has(d.seatId)) ctx.addIssue({ code: 'custom', path: ['delegates', i, 'seatId'], message: 'duplicate seatId' });
      seen.add(d.seatId);
    });
    const items = new Set<string>();
    spec.agenda.forEach((a, i) => {
      if (items.has(a.itemId)) ctx.addIssue({ code: 'custom', path: ['agenda', i, 'itemId'], message: 'duplicate itemId' });
      items.add(a.itemId);
      // A prepared ballot is checked when the meeting is created, not first in the hall.
      if (a.ballot) {
        for (const problem of checkBallotSpec(a.ballot)) {
          ctx.addIssue({ code: 'custom', path: ['agenda', i, 'ballot'], message: problem });
        }
      }
    });
  });
export type MeetingSpecInput = z.input<typeof MeetingSpecSchema>;

export { IdSchema } from './ids';
