import { SEALED_LENGTH_LUA } from './sealed-length';

/**
 * Replaces sealed papers of an open secret ballot by one sealed run of the same papers, so the
 * tally at close opens a dozen runs instead of 3,000 papers (one AES-GCM each: 12–30 ms of the
 * closing node's loop, docs/BENCHMARKS.md). A node sends it after a cast script recorded two or
 * more papers of the ballot: it knows their choices (it sealed them) and seals them again,
 * shuffled, as one run. The vote's ack never waits for it; if it never runs (the node died, Redis
 * failed over first) the single papers stay and the tally opens them one by one.
 *
 * KEYS: [1] gate hash, [2] papers set.
 * ARGV: [1] the run as a set member, `<n>:<sealed run>`; [2 …] the n sealed papers it replaces.
 * Returns {'joined', n}; {'shut'} once the gate is not open (the tally may be reading the
 * set: nothing changes); {'missing'} when a paper is not in the set; {'malformed', detail}.
 * Nothing is written unless every paper is there and the run has the length of n papers.
 *
 * What it tells a reader of Redis (MONITOR, the AOF): that these papers were cast together,
 * which the cast script that stored them beside their seats already told; the run is sealed with
 * the ballot's key and shredded with it at the tally.
 */
export const JOIN_PAPERS_SCRIPT = `${SEALED_LENGTH_LUA}
if redis.call('HGET', KEYS[1], 'open') ~= '1' then
  return {'shut'}
end
local n = #ARGV - 1
local count, sealed = string.match(ARGV[1], '^(%d+):(.+)$')
if n < 2 or tonumber(count) ~= n then
  return {'malformed', 'the run must name the number of papers it replaces (two or more)'}
end
local paperBytes = tonumber(redis.call('HGET', KEYS[1], 'paper'))
if not paperBytes then
  return {'malformed', 'the ballot has no sealed papers'}
end
if #sealed ~= sealedLength(paperBytes, n) then
  return {'malformed', 'the run does not have the length of its papers'}
end
local present = redis.call('SMISMEMBER', KEYS[2], unpack(ARGV, 2))
for i = 1, n do
  if present[i] ~= 1 then
    return {'missing'}
  end
end
redis.call('SREM', KEYS[2], unpack(ARGV, 2))
redis.call('SADD', KEYS[2], ARGV[1])
return {'joined', n}
`;
