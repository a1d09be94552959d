/**
 * The staff accounts' writes (server/accounts/redis-store.ts), the taking of a one-time link
 * ticket and the count of a failed login or pairing, as scripts so that they go through the
 * script runner and its replica ack like every meeting write: a password changed, an account
 * disabled, a session revoked, a ticket used or a failure counted is acknowledged only once a
 * replica has it, so a failover cannot undo any of them.
 */

/**
 * Claims a login and stores its account, together: a node that dies between the two can no
 * longer leave a login claimed by an account that does not exist (the login then refused forever).
 * KEYS: [1] logins hash, [2] accounts hash. ARGV: [1] login, [2] account id, [3] account JSON.
 * Returns 1, or 0 when the login is taken (nothing written).
 */
export const CLAIM_LOGIN_SCRIPT = `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then
  return 0
end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
return 1
`;

/** KEYS: [1] a hash. ARGV: [1] field, [2] value. Returns what HSET does. */
export const HASH_SET_SCRIPT = `return redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])`;

/** KEYS: [1] a hash. ARGV: the fields (one or more). Returns how many were there. */
export const HASH_DELETE_SCRIPT = `return redis.call('HDEL', KEYS[1], unpack(ARGV))`;

/**
 * Takes a one-time value (a link ticket, server/cluster/redis-shared-state.ts): returns it and
 * deletes it. Through the replica ack, so that a failover cannot bring back a ticket once used.
 * KEYS: [1] the value's key. Returns the value, or false when it is gone (used or expired).
 */
export const TAKE_ONCE_SCRIPT = `return redis.call('GETDEL', KEYS[1])`;

/**
 * Counts one failed attempt (a staff login, a pairing code: server/cluster/redis-shared-state.ts)
 * in a fixed window that starts at the key's first failure. Through the replica ack, so that a
 * failover cannot forget the last failures and hand a guesser their tries again.
 * KEYS: [1] the counter. ARGV: [1] the window in ms. Returns the failures in the window.
 */
export const COUNT_FAILURE_SCRIPT = `
local failures = redis.call('INCR', KEYS[1])
if failures == 1 or redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return failures
`;
