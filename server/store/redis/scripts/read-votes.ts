/**
 * One consistent snapshot of registers and boxes (no cast lands between reading a register
 * and its box).
 *
 * KEYS: 3 per ballot: gate hash, voters hash, box hash.
 * Returns, per ballot, {state, HGETALL voters, HGETALL box} flattened in KEYS order, where state is
 * 'open' (the box is left out: an open box never leaves the store, invariant 4), 'untallied'
 * (a shut secret ballot whose sealed papers still wait for their tally; register and box left
 * out: the caller tallies and reads again, and a close's 3,000 entries crossed the wire twice),
 * 'shut', or 'unknown' (no gate: a ballot id the meeting never opened; empty register and box).
 *
 * ARGV (optional): 2 per ballot, in KEYS order: the size and the digest of the register the node
 * holds of it (register-digest.ts), or '' and '' for one it does not. When the store's register
 * has that size and its gate that digest, the register is left out and the string 'same' stands
 * in its place: the node keeps its own (a close's 3,000 entries need not cross the wire).
 */
export const READ_VOTES_SCRIPT = `
local out = {}
for k = 1, #KEYS, 3 do
  local gate = redis.call('HMGET', KEYS[k], 'open', 'wkey')
  local state = 'shut'
  local box = {}
  if not gate[1] then
    state = 'unknown'
  elseif gate[1] == '1' then
    state = 'open'
  elseif gate[2] then
    state = 'untallied'
  else
    box = redis.call('HGETALL', KEYS[k + 2])
  end
  out[#out + 1] = state
  local b = (k - 1) / 3 * 2 + 1
  local heldSize, heldDigest = ARGV[b], ARGV[b + 1]
  if state == 'untallied' then
    out[#out + 1] = {}
  elseif heldDigest and heldDigest ~= '' and state ~= 'unknown'
      and redis.call('HGET', KEYS[k], 'rdigest') == heldDigest
      and redis.call('HLEN', KEYS[k + 1]) == tonumber(heldSize) then
    out[#out + 1] = 'same'
  else
    out[#out + 1] = redis.call('HGETALL', KEYS[k + 1])
  end
  out[#out + 1] = box
end
return out
`;
