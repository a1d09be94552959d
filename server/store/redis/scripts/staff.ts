/**
 * The staff accounts' writes (server/accounts/redis-store.ts), as scripts so that they go
 * through the script runner and its replica ack like every meeting write: a password changed,
 * an account disabled or a session revoked is acknowledged only once a replica has it, so a
 * failover cannot bring back a revoked session.
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
