import { SEALED_LENGTH_LUA } from './sealed-length';

/** Casts one script takes at most (a script holds Redis while it runs: some 20 µs a cast). */
export const CASTS_PER_SCRIPT = 256;

/**
 * The vote path: one atomic, durable step for the casts of one ballot a node has in hand (one
 * turn of its loop, at most CASTS_PER_SCRIPT), each judged in order as if it ran alone: a
 * burst of 3,000 papers is a dozen scripts, not 3,000 (docs/BENCHMARKS.md). Nothing runs
 * between the casts of a script, and its reply leaves after one fsync of the AOF for the lot
 * (`appendfsync always`).
 *
 * KEYS: [1] version (the meeting exists), [2] gate hash, [3] voters hash (register),
 *       [4] box hash (counts; named ballots), [5] meeting-wide cast sequence,
 *       [6] used keys set (last_counts), [7] papers set (sealed papers; secret ballots).
 * ARGV: [1] n, the number of casts; then per cast five: seatId, idempotencyKey, receiptId, form, paper:
 *       form 'named': paper is the plain choiceKey, sent only once the node has read the gate as named;
 *       form 'sealed': paper is the choiceKey sealed with the ballot's key (server/secrecy/), or ''
 *       when the node found no key (the ballot is shut and tallied, or was never opened);
 *       form 'run' (every cast of the script, n ≥ 2, paper ''): a last argument follows, the n
 *       casts' papers sealed as ONE run, shuffled (`<n>:<sealed run>`, as join-papers.ts stores).
 * A script with a run is all or nothing: it records every cast and stores the run as the
 * ballot's one member for them, or, if any cast would not be a first paper (a retry, a refusal,
 * a seat twice, a gate without a key), writes nothing and answers {'unsealed'}; the node then
 * sends the same casts with a sealed paper each. One AES-GCM seal per turn instead of one per vote
 * (~9 µs each, the largest single cost of a cluster cast; docs/BENCHMARKS.md).
 * Otherwise returns, per cast in order, three elements, one of
 *   {'recorded', storedEntry, turnout}
 *   {'duplicate', storedEntry, turnout}      the seat voted before with this idempotency key
 *   {'replaced', storedEntry, turnout}       last_counts: this paper took the place of the seat's earlier one
 *   {'rejected', code, detail}               UNKNOWN_MEETING | ALREADY_VOTED | BALLOT_NOT_OPEN
 *   {'refused', detail, ''}                  the form does not fit the gate (this node's knowledge was stale: nothing written)
 *
 * The rules, in the file store's order: a retry with the first idempotency key gets the first
 * receipt whatever happened since (even after the ballot shut: the vote was counted); then the
 * gate and the deadline; then one vote per seat (the Lua twin of shared/domain/register-rule.ts;
 * a box gains and loses papers as in shared/domain/ballots/box-papers.ts; the store contract
 * suite holds the two to each other). Time is the Redis server's (TIME), so every
 * app node judges the deadline by the same clock; as in checkCast, a cast at or after the
 * deadline is refused.
 * On a last_counts gate (named ballots only, so the earlier choice is in the register) a seat's
 * new paper replaces its earlier one: the old choice leaves the box, the new one enters, the
 * register entry is rewritten. Every key it used stays in the used set, so a late retry of a
 * replaced paper answers 'duplicate' with the current entry instead of voting again.
 * On a secret ballot (invariant 4) the register entry holds no choice (cjson.null), and the
 * paper goes into the papers set sealed, with a random nonce, at the ballot's one length: no key,
 * value or argument Redis ever sees holds the plain choice, and the set keeps no count that a
 * reader could watch move. The tally (scripts/tally.ts) turns the papers into counts at close.
 * The entry layout is the array decoded by register-entry-codec.ts:
 * [seq, at, idempotencyKey, receiptId, choiceKey | null].
 */
export const CAST_SCRIPT = `${SEALED_LENGTH_LUA}
-- Read once: nothing else runs while a script does, and no cast of it changes them.
local exists = redis.call('EXISTS', KEYS[1]) == 1
local gate = redis.call('HMGET', KEYS[2], 'open', 'deadline', 'named', 'last', 'paper', 'rdigest')
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local named = gate[3] == '1'

-- The register's digest (server/store/register-digest.ts), kept beside it: two XORs of parts of
-- the receipt ids. Absent (a gate from before digests, an imported ballot) or 'x' (a receipt id
-- that is not a UUID): not kept, and the register is always read whole.
local digestFirst, digestSecond = nil, nil
if gate[6] then
  local a, b = string.match(gate[6], '^(%-?%d+),(%-?%d+)$')
  digestFirst, digestSecond = tonumber(a), tonumber(b)
end
local digestChanged = false
local function toDigest(receipt)
  if not digestFirst then
    return
  end
  digestChanged = true
  if #receipt ~= 36 or not string.match(receipt, '^%x%x%x%x%x%x%x%x%-[%x%-][%x%-][%x%-][%x%-][%x%-][%x%-][%x%-][%x%-][%x%-][%x%-][%x%-][%x%-][%x%-][%x%-][%x%-]%x%x%x%x%x%x%x%x%x%x%x%x$') then
    digestFirst = nil
    return
  end
  digestFirst = bit.bxor(digestFirst, tonumber(string.sub(receipt, 1, 8), 16))
  digestSecond = bit.bxor(digestSecond, tonumber(string.sub(receipt, 25, 32), 16))
end
local function saveDigest()
  if not digestChanged then
    return
  end
  if digestFirst then
    redis.call('HSET', KEYS[2], 'rdigest', string.format('%d,%d', digestFirst, digestSecond))
  else
    redis.call('HSET', KEYS[2], 'rdigest', 'x')
  end
end

-- A cast judged, nothing written: its final reply, or {'ok', the seat's stored entry or false}.
local function judge(seat, key, form, paper, inRun)
  if not exists then
    return {'rejected', 'UNKNOWN_MEETING', 'no such meeting'}
  end
  local stored = redis.call('HGET', KEYS[3], seat)
  if stored and cjson.decode(stored)[3] == key then
    return {'duplicate', stored, redis.call('HLEN', KEYS[3])}
  end
  if stored and redis.call('SISMEMBER', KEYS[6], seat .. '\\n' .. key) == 1 then
    return {'duplicate', stored, redis.call('HLEN', KEYS[3])}
  end
  if gate[1] ~= '1' then
    return {'rejected', 'BALLOT_NOT_OPEN', 'the ballot is not open'}
  end
  if gate[2] and gate[2] ~= '' and now >= tonumber(gate[2]) then
    return {'rejected', 'BALLOT_NOT_OPEN', 'the countdown has ended'}
  end
  if named and form ~= 'named' then
    return {'refused', 'a named ballot takes its paper in plain form', ''}
  end
  if not named then
    local expected = 'sealed'
    if inRun then
      expected = 'run'
    end
    if form ~= expected or not gate[5] then
      return {'refused', 'a secret ballot takes only sealed papers, and this one has no key', ''}
    end
    -- Every paper of the ballot is this long (a run's length is checked once, below).
    if not inRun and #paper ~= sealedLength(tonumber(gate[5]), 1) then
      return {'refused', 'the sealed paper does not have this ballot\\'s length', ''}
    end
  end
  if stored and (gate[4] ~= '1' or not named) then
    return {'rejected', 'ALREADY_VOTED', 'this seat has already voted on this ballot'}
  end
  return {'ok', stored}
end

-- Records a cast judge() let through; a secret paper goes to the papers set unless it is ''
-- (its run is stored once for the script).
local function record(seat, key, receipt, paper, stored)
  local kept = cjson.null
  if named then
    kept = paper
  end
  if stored then
    local earlierEntry = cjson.decode(stored)
    local earlier = earlierEntry[5]
    if redis.call('HINCRBY', KEYS[4], earlier, -1) <= 0 then
      redis.call('HDEL', KEYS[4], earlier)
    end
    toDigest(earlierEntry[4])
  end
  toDigest(receipt)
  if gate[4] == '1' then
    redis.call('SADD', KEYS[6], seat .. '\\n' .. key)
  end
  local seq = redis.call('INCR', KEYS[5])
  local entry = cjson.encode({seq, now, key, receipt, kept})
  redis.call('HSET', KEYS[3], seat, entry)
  if named then
    redis.call('HINCRBY', KEYS[4], paper, 1)
  elseif paper ~= '' then
    redis.call('SADD', KEYS[7], paper)
  end
  if stored then
    return {'replaced', entry, redis.call('HLEN', KEYS[3])}
  end
  return {'recorded', entry, redis.call('HLEN', KEYS[3])}
end

local n = tonumber(ARGV[1])
local inRun = n ~= nil and #ARGV == 2 + 5 * n
if not n or n < 1 or (#ARGV ~= 1 + 5 * n and not inRun) then
  return redis.error_reply('cast script: ARGV must be n, five per cast, and a run only with form run')
end
local out = {}

if inRun then
  local count, sealed = string.match(ARGV[#ARGV], '^(%d+):(.+)$')
  if n < 2 or tonumber(count) ~= n then
    return redis.error_reply('cast script: a run must name its n papers, two or more')
  end
  if named or not gate[5] then
    return {'unsealed'}
  end
  if #sealed ~= sealedLength(tonumber(gate[5]), n) then
    return redis.error_reply('cast script: the run does not have the length of its papers')
  end
  local seats = {}
  for i = 0, n - 1 do
    local a = 2 + 5 * i
    if ARGV[a + 3] ~= 'run' or ARGV[a + 4] ~= '' then
      return redis.error_reply('cast script: every cast of a run has form run and no paper of its own')
    end
    local judged = judge(ARGV[a], ARGV[a + 1], 'run', '', true)
    if seats[ARGV[a]] or judged[1] ~= 'ok' or judged[2] then
      return {'unsealed'}
    end
    seats[ARGV[a]] = true
  end
  for i = 0, n - 1 do
    local a = 2 + 5 * i
    local reply = record(ARGV[a], ARGV[a + 1], ARGV[a + 2], '', false)
    out[#out + 1] = reply[1]
    out[#out + 1] = reply[2]
    out[#out + 1] = reply[3]
  end
  redis.call('SADD', KEYS[7], ARGV[#ARGV])
  saveDigest()
  return out
end

for i = 0, n - 1 do
  local a = 2 + 5 * i
  local reply = judge(ARGV[a], ARGV[a + 1], ARGV[a + 3], ARGV[a + 4], false)
  if reply[1] == 'ok' then
    reply = record(ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 4], reply[2])
  end
  out[#out + 1] = reply[1]
  out[#out + 1] = reply[2]
  out[#out + 1] = reply[3]
end
saveDigest()
return out
`;
