import { z } from 'zod';
import type { FollowedCast } from '../service/replica';
import { castRow, fromCastRows, MAX_CASTS_PER_NOTICE, noticeChoiceKey, noticeId as id, readCastRowsNotice, toCastRows } from './cast-rows';

/**
 * What one node tells the others on the notice channel, after the store made a change durable.
 * A notice is only a hint to look: every node reads the truth from the store (the log and the
 * register), so a lost or late notice delays a view, it never changes a count.
 *
 * A cast notice carries who voted (the register entry, which every node needs to answer a
 * retry with the first receipt). What was chosen only on a named (记名) ballot, whose register
 * holds it beside the seat anyway: a node that heard every paper of a named ballot then holds its
 * register as the store does, and its close does not read the register again. Never on a secret
 * ballot (invariant 4): the store's entry has no choice to give, and a node keeps a noticed
 * choice only for a ballot it knows as named (replica.ts).
 */
export const NOTICE_CHANNEL = 'bj:cluster:notices';

/** A cast as nodes up to 2026-12-05 told it, one object per cast (read during a rolling upgrade; never sent now). */
const castEntry = z
  .object({
    participation: z
      .object({
        ballotId: id,
        seatId: id,
        idempotencyKey: id,
        receiptId: id,
        at: z.number().int(),
        /** A named ballot's paper only (see above). */
        choiceKey: noticeChoiceKey.optional(),
      })
      .strict(),
    voted: z.number().int().min(1),
  })
  .strict();

type CastNoticeEntry = z.infer<typeof castEntry>;

export const NoticeSchema = z.discriminatedUnion('t', [
  /** Meeting `meetingId`'s log reached `version` (an append or an import). */
  z.object({ t: z.literal('moved'), from: id, meetingId: id, version: z.number().int().min(1) }).strict(),
  /**
   * New casts are on record: those a node made durable in one turn of its loop, in the order the
   * store recorded them, one row each (cast-rows.ts), naming their ballots by index into `ballots`.
   */
  z
    .object({
      t: z.literal('castRows'),
      from: id,
      meetingId: id,
      ballots: z.array(id).min(1).max(MAX_CASTS_PER_NOTICE),
      rows: z.array(castRow).min(1).max(MAX_CASTS_PER_NOTICE),
    })
    .strict()
    .refine(({ ballots, rows }) => rows.every((row) => row[0] < ballots.length), 'a row names a ballot the notice does not list'),
  /** Casts as nodes up to 2026-12-05 told them, an object each (read during a rolling upgrade; never sent now). */
  z
    .object({
      t: z.literal('casts'),
      from: id,
      meetingId: id,
      casts: z.array(castEntry).min(1).max(MAX_CASTS_PER_NOTICE),
    })
    .strict(),
  /** One cast, as nodes before 2026-12-04 sent them (read during a rolling upgrade; never sent now). */
  z.object({ t: z.literal('cast'), from: id, meetingId: id, ...castEntry.shape }).strict(),
  /**
   * A heartbeat (peer-watch.ts): the node is alive and has published `sent` notices before this
   * one. A receiver that heard fewer from it missed some (a failed publish): it resyncs.
   */
  z.object({ t: z.literal('alive'), from: id, sent: z.number().int().min(0) }).strict(),
  /** The node is shutting down: whatever it did is in the store; the others resync at once. */
  z.object({ t: z.literal('leaving'), from: id }).strict(),
]);

/** Notices about a meeting (as opposed to the heartbeats of peer-watch.ts). */
export type MeetingNotice = Extract<Notice, { meetingId: string }>;

/** Whether a notice is about a meeting: what the heartbeats count (notice-bus.ts, peer-watch.ts). */
export function isMeetingNotice(notice: Notice): notice is MeetingNotice {
  return 'meetingId' in notice;
}

export type Notice = z.infer<typeof NoticeSchema>;

/** The notices that tell of casts, in any of the forms a node may hear. */
export type CastsNotice = Extract<Notice, { t: 'castRows' | 'casts' | 'cast' }>;

/** A meeting's casts as one notice (`casts` in the order the store recorded them, at most MAX_CASTS_PER_NOTICE). */
export function castRowsNotice(from: string, meetingId: string, casts: readonly FollowedCast[]): Notice {
  return { t: 'castRows', from, meetingId, ...toCastRows(casts) };
}

/**
 * The casts a notice tells of, as the replica folds them: each with a named ballot's paper, or
 * none (the replica keeps a paper only for a ballot it knows as named).
 */
export function noticedCasts(notice: CastsNotice): FollowedCast[] {
  switch (notice.t) {
    case 'castRows':
      return fromCastRows(notice);
    case 'casts':
      return notice.casts.map(olderCast);
    case 'cast':
      return [olderCast(notice)];
  }
}

function olderCast({ participation: entry, voted }: CastNoticeEntry): FollowedCast {
  return { entry: { ...entry, choiceKey: entry.choiceKey ?? null }, voted };
}

/** The notice in `message`, or null when it is not one (logged by the caller, never thrown). */
export function parseNotice(message: string): Notice | null {
  try {
    const value: unknown = JSON.parse(message);
    // Most notices are casts: read without zod when they are well formed (cast-rows.ts).
    const rows = readCastRowsNotice(value);
    if (rows) return rows;
    const parsed = NoticeSchema.safeParse(value);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
