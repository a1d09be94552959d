import { checkElectionMargin } from '../../../shared/domain/ballots/election-margin';
import type { BallotDraft } from '../../../shared/domain/ballots/kinds';
import { formatBudget } from '../../../shared/domain/ballots/slate-decision';
import type { BodyKind } from '../../../shared/domain/quorum';
import { t } from '../lib/i18n.svelte';
import { kindName } from '../lib/results/kind-name';

/**
 * A prepared ballot in a few lines, so the presidium sees what it opens before it opens it:
 * the kind, secrecy and method, then what the paper lists and the rule that will decide.
 */
export function draftSummary(draft: BallotDraft, bodyKind: BodyKind): string[] {
  const head = [
    kindName(draft.kind, bodyKind),
    t(draft.secrecy === 'anonymous' ? 'secrecy.anonymous' : 'secrecy.named'),
    t(draft.method === 'manual' ? 'method.manual' : 'method.electronic'),
  ].join(' · ');
  return [head, ...kindLines(draft)];
}

function kindLines(draft: BallotDraft): string[] {
  switch (draft.kind) {
    case 'motion':
      return [t(`threshold.${draft.settings.threshold}`)];
    case 'batch':
      return [
        t('summary.batch', { n: draft.batch.items.length }) + (draft.batch.settings.combined ? ` · ${t('batch.combinedNote')}` : ''),
        ...draft.batch.items.map((item, i) => `${i + 1}. ${item.title}`),
      ];
    case 'slate':
      return [
        t('summary.slate', { n: draft.slate.projects.length, k: draft.slate.places }) +
          ` · ${t(`slateForm.${draft.slate.settings.form}`)}` +
          // R4.7: the year the draft decision will name; without one it is the vote date's year.
          (draft.slate.year !== undefined ? ` · ${t('summary.slateYear', { year: draft.slate.year })}` : ''),
        ...draft.slate.projects.map(
          (p, i) => `${i + 1}. ${p.title}（${p.sponsorUnit}${p.budgetFen !== null ? `，${formatBudget(p.budgetFen)}` : ''}）`,
        ),
      ];
    case 'election': {
      const e = draft.election;
      const contest = checkElectionMargin(e.seats, e.candidates.length, {
        postType: e.postType,
        byElection: e.settings.byElection,
        direct: e.settings.ballotType === 'direct_election',
        override: e.settings.marginOverride,
      });
      return [
        t('summary.election', { post: e.post, seats: e.seats, n: e.candidates.length, contest: t(`contest.${contest.contest}`) }),
        e.candidates.map((c) => c.name).join('、'),
        ...(e.settings.allowWriteIns ? [t('summary.writeIns')] : []),
        ...contest.warnings.map((w) => `⚠ ${w.message}`),
      ];
    }
    case 'list_vote':
      return [t('listVote.members', { n: draft.list.members.length, names: draft.list.members.join('、') })];
    case 'rating':
      return [
        t('summary.rating', { n: draft.rating.subjects.length }),
        draft.rating.subjects.map((s) => s.name).join('、'),
      ];
  }
}
