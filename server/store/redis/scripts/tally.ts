/**
 * Turns a shut secret ballot's sealed papers into its counts, once (invariant 4).
 *
 * KEYS: [1] gate hash, [2] papers set, [3] box hash.
 * ARGV: [1] number of papers the node opened, then the counts as choiceKey, count pairs in
 *       sorted key order (UTF-16 code units).
 * Returns {'tallied'} when it wrote the counts, {'done'} when another node (or an earlier call)
 * already had, {'open'} while the gate is open (nothing written), {'stale', papers} when the set
 * does not hold the number of papers the node opened (nothing written; read again).
 *
 * Only the node can open the papers (the master key is never in Redis), so it reads and opens
 * them and this script writes the result only if it is still due: gate shut, wrapped key still
 * there (the counts are written in the same step as the key is destroyed), and the same papers.
 * Any number of nodes may race: the first call writes, every other one finds the key gone.
 * A node that dies before this call leaves the papers and key in place, and the next readVotes
 * on any node tallies them.
 *
 * The counts go in by ONE HSET, keys sorted, so the hash's layout (a listpack keeps insertion
 * order) says nothing about which paper came first. Deleting the papers and the wrapped key is
 * crypto-shredding: sealed papers left in older AOF segments can no longer be opened by anyone,
 * with or without BALLOT_KEY, once the AOF rewrite that follows has dropped the key.
 * One HSET takes up to ~3,900 distinct papers (Lua's unpack limit of 8,000 values), more than
 * any congress has voters.
 */
export const TALLY_SCRIPT = `
if redis.call('HGET', KEYS[1], 'open') ~= '0' then
  return {'open'}
end
if redis.call('HEXISTS', KEYS[1], 'wkey') == 0 then
  return {'done'}
end
local papers = redis.call('SCARD', KEYS[2])
if papers ~= tonumber(ARGV[1]) then
  return {'stale', papers}
end
redis.call('DEL', KEYS[3])
if #ARGV > 1 then
  redis.call('HSET', KEYS[3], unpack(ARGV, 2))
end
redis.call('DEL', KEYS[2])
redis.call('HDEL', KEYS[1], 'wkey', 'paper')
return {'tallied'}
`;
