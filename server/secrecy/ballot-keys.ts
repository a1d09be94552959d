import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, randomFillSync } from 'node:crypto';
import type { BallotSpec } from '../../shared/domain/ballots/kinds';
import { paperKeyBound } from '../../shared/domain/ballots/paper-bound';

/**
 * Sealed ballot papers (invariant 4; docs/SECURITY.md).
 *
 * While a secret ballot is open, every paper a store writes (journal line, Redis command, AOF)
 * sits beside the register entry of the seat that cast it, in the same fsync window. Plain
 * counts or papers there would link seat and paper for anyone who reads the data as it is
 * written, so a store never writes a secret paper in plain text: it writes it sealed with the
 * ballot's own key, padded to one length per ballot (so neither content nor size tells papers
 * apart). The ballot key is random, made when the ballot opens, and stored only wrapped by the
 * master key, which lives in the servers' environment (BALLOT_KEY), never in the data.
 *
 * When the ballot closes, the store opens the papers, writes the counts in sorted key order
 * (no insertion order), and destroys the wrapped ballot key: from then on the sealed papers
 * can be read by nobody, not even with the master key (crypto-shredding), and only the counts
 * remain readable.
 *
 * AES-256-GCM with a random 96-bit nonce per paper; the meeting and ballot ids are the
 * additional data, so a sealed paper or key moved to another ballot fails to open.
 */

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const WRAP_INFO = 'biaojue ballot key wrap v1';
const FORMAT = 'v1';

export class SealError extends Error {
  override name = 'SealError';
}

function aad(meetingId: string, ballotId: string, purpose: 'paper' | 'papers' | 'key'): Buffer {
  return Buffer.from(`${purpose}\n${meetingId}\n${ballotId}`, 'utf8');
}

/**
 * Nonces come from the CSPRNG 256 at a time and each is used once: one `randomFillSync` per 256
 * papers instead of one per paper (a random-bytes job per sealed vote was 7 % of a 3,000-vote
 * burst, docs/BENCHMARKS.md). Fresh random bytes either way; the slice is copied out, so no
 * two seals share a nonce buffer.
 */
const NONCE_POOL_NONCES = 256;
const noncePool = Buffer.alloc(NONCE_BYTES * NONCE_POOL_NONCES);
let noncePoolOffset = noncePool.length;

function freshNonce(): Buffer {
  if (noncePoolOffset + NONCE_BYTES > noncePool.length) {
    randomFillSync(noncePool);
    noncePoolOffset = 0;
  }
  const nonce = Buffer.from(noncePool.subarray(noncePoolOffset, noncePoolOffset + NONCE_BYTES));
  noncePoolOffset += NONCE_BYTES;
  return nonce;
}

function encrypt(key: Buffer, plain: Buffer, additional: Buffer): string {
  const nonce = freshNonce();
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(additional);
  // One concat (evaluated left to right: the tag exists only after final()).
  return Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]).toString('base64');
}

function decrypt(key: Buffer, sealed: string, additional: Buffer): Buffer {
  const bytes = Buffer.from(sealed, 'base64');
  if (bytes.length < NONCE_BYTES + TAG_BYTES) throw new SealError('sealed value is too short');
  const nonce = bytes.subarray(0, NONCE_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const body = bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(additional);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new SealError('sealed value does not open with this key (wrong key, wrong ballot, or altered)');
  }
}

/** One open ballot's key: seals and opens its papers. */
export class BallotKey {
  constructor(
    readonly meetingId: string,
    readonly ballotId: string,
    private readonly key: Buffer,
    /** Every sealed paper of this ballot is this many bytes of plain text before sealing. */
    readonly paperBytes: number,
  ) {
    this.paperAad = aad(meetingId, ballotId, 'paper');
    this.papersAad = aad(meetingId, ballotId, 'papers');
  }

  /** The additional data of every paper of this ballot: built once, not per paper. */
  private readonly paperAad: Buffer;
  /** …and of every run of papers: another purpose, so a single paper never passes for a run. */
  private readonly papersAad: Buffer;

  /** Seals a canonical paper key; the result has the same length for every paper of the ballot. */
  seal(choiceKey: string): string {
    const plain = Buffer.alloc(this.paperBytes);
    this.pad(choiceKey, plain, 0);
    return encrypt(this.key, plain, this.paperAad);
  }

  open(sealed: string): string {
    const plain = decrypt(this.key, sealed, this.paperAad);
    if (plain.length !== this.paperBytes) throw new SealError('sealed paper has the wrong length');
    return this.unpad(plain, 0);
  }

  /**
   * Seals a run of papers, in the order given, as one value: each padded to paperBytes, one
   * nonce and one tag for the run. A journal batch seals its papers of a ballot this way
   * (shuffled first): one cipher per batch instead of one per vote, which was a tenth of the
   * server's work in a burst. Its length tells only how many papers it holds.
   */
  sealPapers(choiceKeys: readonly string[]): string {
    const plain = Buffer.alloc(this.paperBytes * choiceKeys.length);
    // A run repeats a few papers (a motion has three): each distinct one is padded once and
    // copied, not encoded again per vote (docs/BENCHMARKS.md, "Votes folded after the burst").
    const padded = new Map<string, Buffer>();
    for (let i = 0; i < choiceKeys.length; i++) {
      const choiceKey = choiceKeys[i] as string;
      let paper = padded.get(choiceKey);
      if (!paper) {
        paper = Buffer.alloc(this.paperBytes);
        this.pad(choiceKey, paper, 0);
        padded.set(choiceKey, paper);
      }
      plain.set(paper, i * this.paperBytes);
    }
    return encrypt(this.key, plain, this.papersAad);
  }

  /** Opens a run sealed by sealPapers that must hold `count` papers. */
  openPapers(sealed: string, count: number): string[] {
    const plain = decrypt(this.key, sealed, this.papersAad);
    if (plain.length !== this.paperBytes * count) throw new SealError(`sealed papers do not hold ${count} papers`);
    return Array.from({ length: count }, (_, i) => this.unpad(plain, i * this.paperBytes));
  }

  /** Throws SealError, as seal would, when `choiceKey` does not fit this ballot's papers; returns its byte length. */
  assertFits(choiceKey: string): number {
    const length = Buffer.byteLength(choiceKey, 'utf8');
    if (length + 4 > this.paperBytes) {
      throw new SealError(`a paper of ${length} bytes does not fit this ballot's ${this.paperBytes}-byte papers`);
    }
    return length;
  }

  /** 4 bytes of length, the key, zero padding: every plain text paper is exactly paperBytes long. */
  private pad(choiceKey: string, into: Buffer, offset: number): void {
    const length = this.assertFits(choiceKey);
    into.writeUInt32BE(length, offset);
    into.write(choiceKey, offset + 4, 'utf8');
  }

  private unpad(plain: Buffer, offset: number): string {
    const length = plain.readUInt32BE(offset);
    if (length + 4 > this.paperBytes) throw new SealError('sealed paper has a bad length');
    return plain.subarray(offset + 4, offset + 4 + length).toString('utf8');
  }
}

/** A ballot key as stored: wrapped by the master key, with the paper size it seals to. */
export interface WrappedBallotKey {
  wrapped: string;
  paperBytes: number;
}

/**
 * The master key of a deployment (BALLOT_KEY). It only wraps and unwraps ballot keys; it never
 * touches a paper, so once a ballot's wrapped key is destroyed the master key cannot open it.
 */
export class BallotKeyring {
  private readonly master: Buffer;

  private constructor(master: Buffer) {
    this.master = master;
  }

  /** From a secret of at least 32 characters (hex, base64 or passphrase); HKDF makes the key. */
  static fromSecret(secret: string): BallotKeyring {
    if (secret.length < 32) throw new SealError('BALLOT_KEY must be at least 32 characters');
    const master = Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), WRAP_INFO, KEY_BYTES));
    return new BallotKeyring(master);
  }

  /** A fresh random secret of the form BALLOT_KEY takes (64 hex digits). */
  static randomSecret(): string {
    return randomBytes(KEY_BYTES).toString('hex');
  }

  /** A fresh random keyring (tests, and a process that never restarts). */
  static random(): BallotKeyring {
    return new BallotKeyring(randomBytes(KEY_BYTES));
  }

  /** A new random key for an opening ballot, and its wrapped form to store. */
  newBallotKey(meetingId: string, ballotId: string, paperBytes: number): { key: BallotKey; stored: WrappedBallotKey } {
    if (!Number.isSafeInteger(paperBytes) || paperBytes < 8) throw new SealError(`paperBytes must be ≥ 8, got ${paperBytes}`);
    const raw = randomBytes(KEY_BYTES);
    const wrapped = `${FORMAT}.${encrypt(this.master, raw, aad(meetingId, ballotId, 'key'))}`;
    return { key: new BallotKey(meetingId, ballotId, raw, paperBytes), stored: { wrapped, paperBytes } };
  }

  /** The ballot key from its stored form; throws SealError when it does not open. */
  unwrap(meetingId: string, ballotId: string, stored: WrappedBallotKey): BallotKey {
    const [format, body] = stored.wrapped.split('.', 2);
    if (format !== FORMAT || !body) throw new SealError('unknown wrapped key format');
    const raw = decrypt(this.master, body, aad(meetingId, ballotId, 'key'));
    if (raw.length !== KEY_BYTES) throw new SealError('wrapped key has the wrong length');
    return new BallotKey(meetingId, ballotId, raw, stored.paperBytes);
  }
}

/** What sealing adds to the plain text, in bytes: the nonce and the tag. */
export const SEAL_OVERHEAD_BYTES = NONCE_BYTES + TAG_BYTES;

/** The sealed length (base64 characters) of `papers` papers of a ballot whose papers are `paperBytes` long, sealed as one. */
export function sealedLength(paperBytes: number, papers = 1): number {
  return Math.ceil((SEAL_OVERHEAD_BYTES + paperBytes * papers) / 3) * 4;
}

/**
 * The plain-text size of every sealed paper of a ballot: the longest paper key it can take
 * (paperKeyBound), its 4-byte length prefix, rounded up to a 16-byte block. Computed from the
 * spec alone, when the ballot opens, so every store pads a ballot's papers alike.
 */
export function paperBytesFor(spec: BallotSpec): number {
  return Math.ceil((paperKeyBound(spec) + 4) / 16) * 16;
}
