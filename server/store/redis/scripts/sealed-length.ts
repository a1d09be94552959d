import { SEAL_OVERHEAD_BYTES } from '../../../secrecy/ballot-keys';

/**
 * The Lua twin of sealedLength (server/secrecy/ballot-keys.ts): base64 of the nonce, `papers`
 * papers of `paperBytes` each and the tag. The cast script checks a single paper with it, the
 * join-papers script a run.
 */
export const SEALED_LENGTH_LUA = `
local function sealedLength(paperBytes, papers)
  return math.ceil((${SEAL_OVERHEAD_BYTES} + paperBytes * papers) / 3) * 4
end
`;
