/**
 * The vote path: one atomic, durable step per cast.
 *
 * KEYS: [1] version (the meeting exists), [2] gate hash, [3] voters hash (register),
 *       [4] box hash (counts), [5] meeting-wide cast sequence, [6] used keys set (last_counts).
 * ARGV: [1] seatId, [2] idempotencyKey, [3] receiptId, [4] choiceKey.
 * Returns one of
 *   {'recorded', storedEntry, turnout}
 *   {'duplicate', storedEntry, turnout}      the seat voted before with this idempotency key
 *   {'replaced', storedEntry, turnout}       last_counts: this paper took the place of the seat's earlier one
 *   {'rejected', code, detail}               UNKNOWN_MEETING | ALREADY_VOTED | BALLOT_NOT_OPEN
 *
 * The rules, in the file store's order: a retry with the first idempotency key gets the first
 * receipt whatever happened since (even after the ballot shut: the vote was counted); then the
 * gate and the deadline; then one vote per seat. Time is the Redis server's (TIME), so every
 * app node judges the deadline by the same clock; as in checkCast, a cast at or after the
 * deadline is refused.
 * On a last_counts gate (named ballots only, so the earlier choice is in the register) a seat's
 * new paper replaces its earlier one: the old choice leaves the box, the new one enters, the
 * register entry is rewritten. Every key it used stays in the used set, so a late retry of a
 * replaced paper answers 'duplicate' with the current entry instead of voting again.
 * For an anonymous ballot the register entry holds no choice (cjson.null) and the box only
 * counts: nothing stored links the seat to the paper. The entry layout is the array decoded by
 * participation-codec.ts: [seq, at, idempotencyKey, receiptId, choiceKey | null].
 */
export const CAST_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {'rejected', 'UNKNOWN_MEETING', 'no such meeting'}
end
local seat, key, receipt, choice = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local stored = redis.call('HGET', KEYS[3], seat)
if stored and cjson.decode(stored)[3] == key then
  return {'duplicate', stored, redis.call('HLEN', KEYS[3])}
end
if stored and redis.call('SISMEMBER', KEYS[6], seat .. '\\n' .. key) == 1 then
  return {'duplicate', stored, redis.call('HLEN', KEYS[3])}
end
local gate = redis.call('HMGET', KEYS[2], 'open', 'deadline', 'named', 'last')
if gate[1] ~= '1' then
  return {'rejected', 'BALLOT_NOT_OPEN', 'the ballot is not open'}
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if gate[2] and gate[2] ~= '' and now >= tonumber(gate[2]) then
  return {'rejected', 'BALLOT_NOT_OPEN', 'the countdown has ended'}
end
local replacing = false
if stored then
  if gate[4] ~= '1' or gate[3] ~= '1' then
    return {'rejected', 'ALREADY_VOTED', 'this seat has already voted on this ballot'}
  end
  replacing = true
end
local kept = cjson.null
if gate[3] == '1' then
  kept = choice
end
if replacing then
  local earlier = cjson.decode(stored)[5]
  if redis.call('HINCRBY', KEYS[4], earlier, -1) <= 0 then
    redis.call('HDEL', KEYS[4], earlier)
  end
end
if gate[4] == '1' then
  redis.call('SADD', KEYS[6], seat .. '\\n' .. key)
end
local seq = redis.call('INCR', KEYS[5])
local entry = cjson.encode({seq, now, key, receipt, kept})
redis.call('HSET', KEYS[3], seat, entry)
redis.call('HINCRBY', KEYS[4], choice, 1)
if replacing then
  return {'replaced', entry, redis.call('HLEN', KEYS[3])}
end
return {'recorded', entry, redis.call('HLEN', KEYS[3])}
`;
