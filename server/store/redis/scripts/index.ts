import { createHash } from 'node:crypto';
import { APPEND_SCRIPT } from './append';
import { CAST_SCRIPT } from './cast';
import { JOIN_PAPERS_SCRIPT } from './join-papers';
import { IMPORT_SCRIPT } from './import';
import { READ_VOTES_SCRIPT } from './read-votes';
import { CLAIM_LOGIN_SCRIPT, COUNT_FAILURE_SCRIPT, HASH_DELETE_SCRIPT, HASH_SET_SCRIPT, TAKE_ONCE_SCRIPT } from './staff';
import { TALLY_SCRIPT } from './tally';

export interface LuaScript {
  name: string;
  source: string;
  /** SHA1 of the source: what EVALSHA needs, known without asking Redis. */
  sha1: string;
}

function script(name: string, source: string): LuaScript {
  return { name, source, sha1: createHash('sha1').update(source).digest('hex') };
}

export const SCRIPTS = {
  append: script('append', APPEND_SCRIPT),
  cast: script('cast', CAST_SCRIPT),
  joinPapers: script('join-papers', JOIN_PAPERS_SCRIPT),
  importMeeting: script('import', IMPORT_SCRIPT),
  readVotes: script('read-votes', READ_VOTES_SCRIPT),
  tally: script('tally', TALLY_SCRIPT),
  claimLogin: script('claim-login', CLAIM_LOGIN_SCRIPT),
  hashSet: script('hash-set', HASH_SET_SCRIPT),
  hashDelete: script('hash-delete', HASH_DELETE_SCRIPT),
  takeOnce: script('take-once', TAKE_ONCE_SCRIPT),
  countFailure: script('count-failure', COUNT_FAILURE_SCRIPT),
} as const;
