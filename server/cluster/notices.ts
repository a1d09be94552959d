import { z } from 'zod';
import { MAX_PAYLOAD_BYTES } from '../../shared/protocol/socket';
import type { FollowedCast } from '../service/replica';

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

const id = z.string().min(1).max(200);

/** Casts one notice carries at most: a burst is split into notices of this many (a few KB each). */
export const MAX_CASTS_PER_NOTICE = 256;

const castEntry = z
  .object({
    participation: z
      .object({
        ballotId: id,
        seatId: id,
        idempotencyKey: id,
        receiptId: id,
        at: z.number().int(),
        /** A named ballot's paper only (see above); a choice key is made from a payload, so no longer than one. */
        choiceKey: z.string().min(1).max(MAX_PAYLOAD_BYTES).optional(),
      })
      .strict(),
    voted: z.number().int().min(1),
  })
  .strict();

/** A cast as a notice carries it: who voted, when, with which keys, and the turnout after it. */
export type CastNoticeEntry = z.infer<typeof castEntry>;

/** A noticed cast as the replica folds it: a named ballot's paper, or none (the replica keeps it only for a ballot it knows as named). */
export function followedCast({ participation, voted }: CastNoticeEntry): FollowedCast {
  return { participation: { ...participation, choiceKey: participation.choiceKey ?? null }, voted };
}

export const NoticeSchema = z.discriminatedUnion('t', [
  /** Meeting `meetingId`'s log reached `version` (an append or an import). */
  z.object({ t: z.literal('moved'), from: id, meetingId: id, version: z.number().int().min(1) }).strict(),
  /**
   * New casts are on record: those a node made durable in one turn of its loop, in the order the
   * store recorded them; each `voted` is the ballot's turnout in the store right after that cast.
   */
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

/** The notice in `message`, or null when it is not one (logged by the caller, never thrown). */
export function parseNotice(message: string): Notice | null {
  try {
    const parsed = NoticeSchema.safeParse(JSON.parse(message));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
