/**
 * One consistent snapshot of registers and boxes (no cast lands between reading a register
 * and its box).
 *
 * KEYS: 2 per ballot: voters hash, box hash.
 * Returns, per ballot, {HGETALL voters, HGETALL box} flattened in KEYS order.
 */
export const READ_VOTES_SCRIPT = `
local out = {}
for k = 1, #KEYS do
  out[k] = redis.call('HGETALL', KEYS[k])
end
return out
`;
