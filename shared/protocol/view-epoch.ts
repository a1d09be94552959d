/**
 * What a client needs of a view (or a tablet's seat part) to judge whether to take it: the
 * meeting's version and the epoch of the copy it was rendered from (docs/PROTOCOL.md §5,
 * *Versions and epochs*).
 */
export interface ViewStamp {
  version: number;
  /** Opaque: names one node's copy of the meeting, as that node (re)read it whole. */
  epoch?: string;
}

/**
 * - `drop`: older than what is held, from the same copy (a sync answer overtaken by a push).
 * - `take`: as new or newer, from the same copy; what was kept to complete partial pushes stays good.
 * - `restart`: from another copy (a reload after a failover lost an event, or another node after
 *   a reconnect): the new truth whatever its version, and nothing kept from the old copy (agenda,
 *   ballot spec, seats) may complete its pushes.
 */
export type ViewVerdict = 'drop' | 'take' | 'restart';

/**
 * The one rule every client applies to every view it receives (walls, consoles, both parts of a
 * tablet's view). Versions order the views of one copy only: a copy read again after a failover
 * may be *behind* the version a client saw, and another node's copy may be too, so comparing
 * versions across copies would hide the state that now stands until the version caught up.
 * A view without an epoch (a server before epochs) is compared by version alone.
 */
export function judgeView(held: ViewStamp | null, next: ViewStamp): ViewVerdict {
  if (held === null) return 'take';
  if (held.epoch !== undefined && next.epoch !== undefined && held.epoch !== next.epoch) return 'restart';
  // Versions count commands only (votes do not bump them): an equal version may carry fresher turnout.
  return next.version < held.version ? 'drop' : 'take';
}
