/*
 * Issue 9 ("the shape of the core"): the small types every part of the domain names — who did
 * something, a seat's attendance, the persistent id map — in a leaf that imports nothing of the
 * domain, so the feature modules and meeting.ts can share them without an import circle.
 * meeting.ts re-exports them, so importers elsewhere need no change.
 */
import type { Map as PersistentMap } from 'immutable';

/**
 * Who did something: every staff action is in the log with its actor. For staff, `name` is the
 * person's display name, `role` the account role the action was allowed under, and `accountId`
 * the staff account (server/accounts/). Logs written before staff accounts carry only
 * `{ role: 'secretariat' | 'presidium', name }` with a self-chosen name; they still load.
 */
export interface Actor {
  role: 'secretariat' | 'presidium' | 'chair' | 'teller' | 'observer' | 'administrator' | 'delegate' | 'system';
  name: string;
  accountId?: string;
}

/**
 * A seat on the current sitting's roll (sittings.ts): 未签到 (not yet), 出席, 请假, 缺席 (R1.4).
 * Logs written before sittings used 'absent' for "not yet"; the fold reads them so.
 */
export type AttendanceStatus = 'not_signed_in' | 'absent' | 'present' | 'on_leave';

/**
 * Things of a meeting by their id (seats, items, ballots, register entries).
 *
 * Why persistent maps (Immutable.js) and not plain objects or copied Maps:
 * - an id is data from outside: "constructor", "toString" or "__proto__" must name nothing
 *   unless the roster says so (invariant 6). A Map lookup never reaches Object.prototype, and a
 *   "__proto__" key is an entry like any other, so a seat named so can neither vanish from the
 *   roster nor change an object's prototype;
 * - evolve stays pure (decide runs on the cached state, decideAll folds a scratch copy before
 *   the append is known to succeed, change notices keep the state they announce) while an
 *   update costs O(log N) and shares everything else with the state before it: no event copies
 *   a map of N entries (invariant 5). A mutable state would need a defensive copy per command,
 *   which is the O(N) this avoids.
 * Read them with `.get(id)`, `.has(id)` and `.size`; iterate the roster in spec order. Write with
 * `.set` and `.delete` only: `update`/`updateIn`/`merge*` silently skip the keys "constructor" and
 * "__proto__" (Immutable's guard against prototype pollution).
 */
export type IdMap<V> = PersistentMap<string, V>;
