/**
 * Conditional append of command events, atomic with the ballot gates they change.
 *
 * KEYS: [1] log stream, [2] version, [3] ballots set, [4..] one gate hash per gate change, in order.
 * ARGV: [1] expected version, [2] n = number of events, [3 .. 2+n] event JSON,
 *       then 6 per gate change: kind ('open' | 'shut' | 'deadline': a countdown change of an open gate), ballotId, deadline (ms or ''), named ('1' | '0'),
 *       last ('1' | '0': pressRule last_counts), wrapped ballot key and paperBytes as 'wrapped\npaperBytes'
 *       (a secret ballot's open; '' otherwise).
 * Returns {1, newVersion, anonymousShut, sealedShutBallotId…} or {0, currentVersion} on a version
 * conflict (nothing written). anonymousShut counts the secret ballots this append shut (see
 * aof-compaction.ts); the ids that follow are the shut ballots whose sealed papers wait for their
 * tally (scripts/tally.ts), which the node runs next.
 *
 * A secret ballot's wrapped key is stored in its gate by the same script that opens it, so no
 * cast can find the gate open without the key to seal its paper with.
 * Entry ids are `<version>-0`, so readEvents can XRANGE from a version without scanning.
 * A shut gate keeps its deadline and named flag, so the hash still describes the ballot.
 */
export const APPEND_SCRIPT = `
local current = tonumber(redis.call('GET', KEYS[2]) or '0')
if current ~= tonumber(ARGV[1]) then
  return {0, current}
end
local n = tonumber(ARGV[2])
for i = 1, n do
  redis.call('XADD', KEYS[1], string.format('%d-0', current + i), 'e', ARGV[2 + i])
end
if n > 0 then
  redis.call('SET', KEYS[2], string.format('%d', current + n))
end
local a = 3 + n
local anonymousShut = 0
local sealedShut = {}
for k = 4, #KEYS do
  local kind, ballotId, deadline, named, last, sealing = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5]
  a = a + 6
  if kind == 'open' then
    -- A new gate has an empty register: its digest starts here (register-digest.ts). A gate
    -- without one (older, or imported) is never trusted to a digest.
    if redis.call('EXISTS', KEYS[k]) == 0 then
      redis.call('HSET', KEYS[k], 'rdigest', '0,0')
    end
    redis.call('HSET', KEYS[k], 'open', '1', 'deadline', deadline, 'named', named, 'last', last)
    if sealing ~= '' then
      local cut = string.find(sealing, '\\n', 1, true)
      redis.call('HSET', KEYS[k], 'wkey', string.sub(sealing, 1, cut - 1), 'paper', string.sub(sealing, cut + 1))
    end
    redis.call('SADD', KEYS[3], ballotId)
  elseif kind == 'deadline' then
    if redis.call('HGET', KEYS[k], 'open') == '1' then
      redis.call('HSET', KEYS[k], 'deadline', deadline)
    end
  else
    if redis.call('HGET', KEYS[k], 'named') == '0' then
      anonymousShut = anonymousShut + 1
      if redis.call('HEXISTS', KEYS[k], 'wkey') == 1 then
        sealedShut[#sealedShut + 1] = ballotId
      end
    end
    redis.call('HSET', KEYS[k], 'open', '0')
  end
end
local reply = {1, current + n, anonymousShut}
for _, ballotId in ipairs(sealedShut) do
  reply[#reply + 1] = ballotId
end
return reply
`;
