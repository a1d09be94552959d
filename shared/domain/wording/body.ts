import type { BodyKind } from '../quorum';
import { pick, type WordingLang } from './lang';

/**
 * Who the pass rules count over (R0.2): 全体代表 for a congress, 全体组成人员 for a standing
 * committee, 全体议政代表 for a street deliberative congress (R6: its members are 议政代表, not
 * people's congress deputies).
 */
export function allMembers(kind: BodyKind, lang: WordingLang = 'zh'): string {
  switch (kind) {
    case 'congress':
      return pick(lang, '全体代表', 'all delegates');
    case 'standing_committee':
      return pick(lang, '全体组成人员', 'all members');
    case 'street_congress':
      return pick(lang, '全体议政代表', 'all deliberative delegates');
  }
}

/** A street deliberative congress only recommends (R6.1): never 决定/决议. */
export function isStreet(kind: BodyKind): boolean {
  return kind === 'street_congress';
}

const KIND_LABELS: Record<string, [string, string]> = {
  motion: ['议案表决', 'Vote on a motion'],
  batch: ['逐项表决', 'Item-by-item vote'],
  slate: ['民生实事项目票决', 'Livelihood-project vote'],
  election: ['选举', 'Election'],
  list_vote: ['名单表决', 'Vote on a list'],
  rating: ['满意度测评', 'Satisfaction rating'],
};

/** The kind of ballot in words; a street congress 票选 projects to recommend them (R6.1). */
export function kindLabel(kind: string, bodyKind: BodyKind, lang: WordingLang = 'zh'): string {
  if (kind === 'slate' && isStreet(bodyKind)) return pick(lang, '民生实事项目票选推荐', 'Livelihood-project vote (recommendation)');
  if (kind === 'motion' && isStreet(bodyKind)) return pick(lang, '表决（建议）', 'Vote (recommendation)');
  const label = KIND_LABELS[kind];
  return label ? pick(lang, label[0], label[1]) : kind;
}

export function secrecyLabel(secrecy: 'anonymous' | 'named', lang: WordingLang = 'zh'): string {
  return secrecy === 'named' ? pick(lang, '记名', 'named') : pick(lang, '无记名', 'secret');
}

/** R2.4: electronic keypads by default, or a hand/paper count entered by the presidium. */
export function methodLabel(method: 'electronic' | 'manual', lang: WordingLang = 'zh'): string {
  return method === 'manual'
    ? pick(lang, '人工计票（举手或纸质选票）', 'hand or paper count')
    : pick(lang, '电子表决器', 'electronic keypads');
}

/** The body's kind in words, for the minutes' header. */
export function bodyKindLabel(kind: BodyKind, lang: WordingLang = 'zh'): string {
  switch (kind) {
    case 'congress':
      return pick(lang, '人民代表大会', "People's Congress");
    case 'standing_committee':
      return pick(lang, '人大常委会', 'Standing Committee');
    case 'street_congress':
      return pick(lang, '街道议政代表大会', 'Street deliberative congress');
  }
}
