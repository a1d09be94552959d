import { z } from 'zod';

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');
const text = (max: number) => z.string().trim().min(1).max(max);

export const DelegateSchema = z.object({
  seatId: id,
  seatNo: text(32),
  name: text(64),
  group: z.string().trim().max(64).default(''),
});

export const AgendaItemSchema = z.object({
  itemId: id,
  title: text(200),
  kind: z.enum(['vote', 'report', 'other']).default('vote'),
});

/** Body of POST /api/meetings: what the secretariat prepares before the session. */
export const MeetingSpecSchema = z
  .object({
    meetingId: id.optional(),
    body: z.object({
      name: text(100),
      kind: z.enum(['congress', 'standing_committee', 'street_congress']),
    }),
    title: text(200),
    delegates: z.array(DelegateSchema).min(1).max(5000),
    presidium: z.array(text(64)).max(100).default([]),
    agenda: z.array(AgendaItemSchema).max(200).default([]),
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
    });
  });
export type MeetingSpecInput = z.input<typeof MeetingSpecSchema>;

export const IdSchema = id;
