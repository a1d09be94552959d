/**
 * Writes a whole archived meeting, only if the meeting does not exist yet.
 *
 * KEYS: [1] version, [2] log stream, [3] ballots set, [4] cast sequence,
 *       then 3 per ballot: gate hash, voters hash, box hash.
 * ARGV: [1] n = number of events, [2 .. 1+n] event JSON, [2+n] cast sequence value,
 *       then per ballot: ballotId, gate ('open' | 'shut'), deadline (ms or ''),
 *       named ('1' | '0'), last ('1' | '0'), v, v × (seatId, stored entry), b, b × (choiceKey, count)
 *       with the choice keys sorted.
 * Every ballot of an archive is shut (import-plan.ts refuses an open one: an open secret ballot's
 * papers are sealed with a key no archive carries, and a last_counts ballot's used keys are not in
 * an archive). Each box goes in by one HSET in the sorted order the plan gives, so the hash keeps
 * no insertion order from the archive.
 * Returns 1, or 0 when the meeting exists (nothing written).
 */
export const IMPORT_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
local n = tonumber(ARGV[1])
for i = 1, n do
  redis.call('XADD', KEYS[2], string.format('%d-0', i), 'e', ARGV[1 + i])
end
redis.call('SET', KEYS[1], string.format('%d', n))
local a = n + 2
redis.call('SET', KEYS[4], ARGV[a])
a = a + 1
for k = 5, #KEYS, 3 do
  local ballotId, gate, deadline, named, last = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4]
  a = a + 5
  redis.call('SADD', KEYS[3], ballotId)
  local open = '0'
  if gate == 'open' then open = '1' end
  redis.call('HSET', KEYS[k], 'open', open, 'deadline', deadline, 'named', named, 'last', last)
  local voters = tonumber(ARGV[a])
  a = a + 1
  for v = 1, voters do
    redis.call('HSET', KEYS[k + 1], ARGV[a], ARGV[a + 1])
    a = a + 2
  end
  local papers = tonumber(ARGV[a])
  a = a + 1
  if papers > 0 then
    redis.call('HSET', KEYS[k + 2], unpack(ARGV, a, a + 2 * papers - 1))
    a = a + 2 * papers
  end
end
return 1
`;
