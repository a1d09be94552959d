/**
 * The vote path: one atomic, durable step per cast.
 *
 * KEYS: [1] version (the meeting exists), [2] gate hash, [3] voters hash (register),
 *       [4] box hash (counts), [5] meeting-wide cast sequence.
 * ARGV: [1] seatId, [2] idempotencyKey, [3] receiptId, [4] choiceKey.
 * Returns one of
 *   {'recorded', storedEntry, turnout}
 *   {'duplicate', storedEntry, turnout}      the seat voted before with this idempotency key
 *   {'rejected', code, detail}               UNKNOWN_MEETING | ALREADY_VOTED | BALLOT_NOT_OPEN
 *
 * The rules, in the file store's order: a retry with the first idempotency key gets the first
 * receipt whatever happened since (even after the ballot shut: the vote was counted); then the
 * gate and the deadline; then one vote per seat. Time is the Redis server's (TIME), so every
 * app node judges the deadline by the same clock; as in checkCast, a cast at or after the
 * deadline is refused.
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
local gate = redis.call('HMGET', KEYS[2], 'open', 'deadline', 'named')
if gate[1] ~= '1' then
  return {'rejected', 'BALLOT_NOT_OPEN', 'the ballot is not open'}
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if gate[2] and gate[2] ~= '' and now >= tonumber(gate[2]) then
  return {'rejected', 'BALLOT_NOT_OPEN', 'the countdown has ended'}
end
if stored then
  return {'rejected', 'ALREADY_VOTED', 'this seat has already voted on this ballot'}
end
local kept = cjson.null
if gate[3] == '1' then
  kept = choice
end
local seq = redis.call('INCR', KEYS[5])
local entry = cjson.encode({seq, now, key, receipt, kept})
redis.call('HSET', KEYS[3], seat, entry)
redis.call('HINCRBY', KEYS[4], choice, 1)
return {'recorded', entry, redis.call('HLEN', KEYS[3])}
`;
