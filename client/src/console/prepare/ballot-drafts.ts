import type { AgendaItemKind } from '../../../../shared/domain/meeting';
import { DEFAULT_BATCH_SETTINGS } from '../../../../shared/domain/ballots/batch';
import { DEFAULT_ELECTION_SETTINGS } from '../../../../shared/domain/ballots/election';
import { checkBallotSpec, type BallotDraft, type BallotKind } from '../../../../shared/domain/ballots/kinds';
import { DEFAULT_MOTION_SETTINGS } from '../../../../shared/domain/ballots/motion';
import { DEFAULT_RATING_SETTINGS } from '../../../../shared/domain/ballots/rating';
import { DEFAULT_SLATE_SETTINGS } from '../../../../shared/domain/ballots/slate';
import { DISCUSSION_KINDS } from '../../../../shared/domain/preparation/revision';
import type { MeetingSettings } from '../../../../shared/domain/settings';
import { BallotDraftSchema } from '../../../../shared/protocol/ballots';

/** Ballot kinds the editor offers on an item of each kind; discussion items (报告/审议, 询问) none. */
export function ballotKindsFor(kind: AgendaItemKind): BallotKind[] {
  if (DISCUSSION_KINDS.includes(kind)) return [];
  if (kind === 'election') return ['election', 'list_vote'];
  if (kind === 'rating') return ['rating'];
  return ['motion', 'list_vote', 'batch', 'slate', 'election', 'rating'];
}

/** An empty draft of `kind`, starting from the meeting's R8 defaults (method, countdown). */
export function freshDraft(kind: BallotKind, title: string, settings: MeetingSettings): BallotDraft {
  const base = { title, secrecy: 'anonymous' as const, durationSec: settings.defaultCountdownSeconds, method: settings.voteMethod };
  switch (kind) {
    case 'motion':
      return { ...base, kind, settings: { ...DEFAULT_MOTION_SETTINGS } };
    case 'list_vote':
      return { ...base, kind, list: { members: [] } };
    case 'batch':
      return { ...base, kind, batch: { items: [], settings: { ...DEFAULT_BATCH_SETTINGS } } };
    case 'slate':
      return { ...base, kind, slate: { places: 1, projects: [], settings: { ...DEFAULT_SLATE_SETTINGS } } };
    case 'election':
      return { ...base, kind, election: { post: '', postType: 'deputy', seats: 1, candidates: [], tellers: { chief: null, members: [] }, settings: { ...DEFAULT_ELECTION_SETTINGS } } };
    case 'rating':
      return { ...base, kind, rating: { subjects: [], settings: { ...DEFAULT_RATING_SETTINGS } } };
  }
}

/** The next free id of a list: prefix + the smallest number above every used one. */
export function nextId(prefix: string, used: readonly string[]): string {
  let max = 0;
  for (const id of used) {
    const m = new RegExp(`^${prefix}(\\d+)$`).exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `${prefix}${String(max + 1).padStart(2, '0')}`;
}

/**
 * The draft as the server will take it (the wire schema, then the domain's own checks, the same
 * checkBallotSpec the presidium's open runs), or the problems in words.
 */
export function validDraft(draft: BallotDraft): { ok: true; draft: BallotDraft } | { ok: false; problems: string[] } {
  const parsed = BallotDraftSchema.safeParse(JSON.parse(JSON.stringify(draft)));
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  const clean = parsed.data as BallotDraft;
  const problems = checkBallotSpec(clean);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, draft: clean };
}

/** 万元 (as clerks write budgets) to fen and back. */
export const fenOfWan = (wan: number): number => Math.round(wan * 1_000_000);
export const wanOfFen = (fen: number | null): number | null => (fen === null ? null : fen / 1_000_000);
