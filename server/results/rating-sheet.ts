/**
 * R5 satisfaction ratings: per subject the three counts, 满意率 and 满意+基本满意率 over valid
 * papers, and the tier by the ballot's base and boundary (R5.4); the quorum is part of the record
 * (R5.3). The result is advisory (R5.1): 不满意 is flagged for follow-up, nothing acts on anyone.
 */
import type { RatingResult, RatingSubjectKind, RatingTier } from '../../shared/domain/ballots/rating';
import type { BodyKind } from '../../shared/domain/quorum';
import { papers, people, ratingQuorum, ratingRule, ratingRuleDetails, resultAnnouncement, tierWord } from '../../shared/domain/wording/index';
import type { KindSection } from './sheet-model';

export const TIER_LABELS: Record<RatingTier, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  unsatisfied: '不满意',
};

export const SUBJECT_KIND_LABELS: Record<RatingSubjectKind, string> = {
  appointee: '述职人员',
  department: '部门工作',
  project: '民生实事项目',
  suggestion_reply: '建议办理答复',
};

export function tierLabel(tier: RatingTier | null): string {
  return tierWord(tier);
}

/** R5.3, e.g. "应到 30 人，实到 29 人，符合测评的法定人数（全体组成人员的过半数，不少于 16 人）". */
export function quorumStatement(result: RatingResult, bodyKind: BodyKind): string {
  return ratingQuorum(result, bodyKind);
}

function ruleLines(result: RatingResult, bodyKind: BodyKind): string[] {
  const [rates, advisory] = ratingRuleDetails();
  return [rates ?? '', ratingRule(result, bodyKind), advisory ?? ''];
}

export function ratingSection(result: RatingResult, bodyKind: BodyKind): KindSection {
  const counts = { satisfied: 0, basically_satisfied: 0, unsatisfied: 0, none: 0 };
  for (const s of result.subjects) counts[s.tier ?? 'none']++;
  const outcomeParts = [
    `满意 ${counts.satisfied} 个`,
    `基本满意 ${counts.basically_satisfied} 个`,
    `不满意 ${counts.unsatisfied} 个`,
    ...(counts.none > 0 ? [`未测评 ${counts.none} 个`] : []),
  ];
  const outcome = `测评对象 ${result.subjects.length} 个：${outcomeParts.join('，')}`;
  const quorum = quorumStatement(result, bodyKind);
  const notes = [`${quorum}。`];
  for (const s of result.subjects) {
    if (s.followUp) notes.push(`${s.name}的测评等次为“不满意”，已标记待跟进。`);
  }
  return {
    heading: '满意度测评结果',
    figures: [
      { label: '应到', value: people(result.total) },
      { label: '实到', value: people(result.present) },
      { label: '收回测评票', value: papers(result.returned) },
      { label: '有效票', value: papers(result.valid) },
      { label: '无效票', value: papers(result.void) },
      { label: '法定人数', value: result.quorum.met ? `符合（不少于 ${people(result.quorum.required)}）` : `不符合（须不少于 ${people(result.quorum.required)}）` },
    ],
    tables: [
      {
        caption: '各测评对象结果',
        columns: ['序号', '测评对象', '职务', '类别', '满意', '基本满意', '不满意', '未评', '满意率', '满意+基本满意率', '等次'],
        numericFrom: 4,
        rows: result.subjects.map((s, index) => ({
          cells: [
            String(index + 1),
            s.name,
            s.post ?? '—',
            SUBJECT_KIND_LABELS[s.kind],
            String(s.satisfied),
            String(s.basically_satisfied),
            String(s.unsatisfied),
            String(s.blank),
            s.satisfiedRate.percent ?? '—',
            s.satisfiedOrBasicRate.percent ?? '—',
            tierLabel(s.tier),
          ],
          mark: s.followUp ? 'flagged' : null,
        })),
      },
    ],
    outcome,
    rule: ruleLines(result, bodyKind),
    notes,
    announcement: resultAnnouncement(result, bodyKind),
  };
}
