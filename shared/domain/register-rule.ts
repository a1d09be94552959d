/**
 * One vote per seat and ballot (R2): what a seat's register entry says about a paper it sends
 * now. The one TypeScript implementation, used by the service on its copy
 * (server/service/cast-service.ts) and by the file store on its index
 * (server/store/file/meeting-index.ts); the Redis cast script does the same in Lua, and the
 * store contract suite (tests/store/contract.ts) holds the stores to it.
 *
 * - `retry`: the seat's paper under this idempotency key is on record (or, on a last_counts
 *   ballot, was and has since been replaced): answer with the receipt on record, count nothing.
 * - `voted`: the seat voted with another key and may not replace its paper: ALREADY_VOTED.
 * - `new`: no entry; `replace`: a last_counts ballot takes the seat's new paper instead.
 *
 * Gate and deadline are the caller's (they come between `retry` and `voted` in the stores:
 * a retry is answered even after the close).
 */
export type RegisterVerdict = 'retry' | 'voted' | 'new' | 'replace';

export function registerVerdict(
  earlier: { idempotencyKey: string } | undefined,
  idempotencyKey: string,
  options: {
    /** The seat sent a paper under this key before (last_counts ballots remember every key). */
    keyUsedBefore: boolean;
    /** The ballot is open and its pressRule is last_counts. */
    replaceable: boolean;
  },
): RegisterVerdict {
  if (!earlier) return 'new';
  if (earlier.idempotencyKey === idempotencyKey || options.keyUsedBefore) return 'retry';
  return options.replaceable ? 'replace' : 'voted';
}
