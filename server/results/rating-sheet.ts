/**
 * R5 satisfaction ratings: per subject the three counts, 满意率 and 满意+基本满意率 over valid
 * papers, and the tier by the ballot's base and boundary (R5.4); the quorum is part of the record
 * (R5.3). The result is advisory (R5.1): 不满意 is flagged for follow-up, nothing acts on anyone.
 */
import type { RatingResult, RatingSubjectKind, RatingTier } from '../../shared/domain/ballots/rating';
import type { BodyKind, QuorumCheck } from '../../shared/domain/quorum';
import type { KindSection } from './sheet-model';
import { allMembers } from './wording';

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
  return tier === null ? '未测评' : TIER_LABELS[tier];
}

function quorumRuleWords(quorum: QuorumCheck, bodyKind: BodyKind): string {
  return quorum.rule === 'two_thirds_of_all' ? `${allMembers(bodyKind)}的三分之二以上` : `${allMembers(bodyKind)}的过半数`;
}

/** R5.3, e.g. "实到29人，符合测评的法定人数（全体组成人员的过半数，不少于18人）". */
export function quorumStatement(result: RatingResult, bodyKind: BodyKind): string {
  const q = result.quorum;
  return `应到${result.total}人，实到${result.present}人，${q.met ? '符合' : '不符合'}测评的法定人数（${quorumRuleWords(q, bodyKind)}，不少于${q.required}人）`;
}

function ruleLines(result: RatingResult, bodyKind: BodyKind): string[] {
  const base = result.settings.base === 'valid_ballots' ? '有效票数' : `${allMembers(bodyKind)}人数（应到${result.total}人）`;
  const beats = result.settings.boundary === 'strict' ? '超过' : '达到';
  const half = result.settings.boundary === 'strict' ? '半数' : '半数（含半数）';
  return [
    '满意率 = 满意票 ÷ 有效票；满意+基本满意率 =（满意票 + 基本满意票）÷ 有效票。',
    `测评等次以${base}为基数：满意票${beats}${half}的为“满意”；否则满意与基本满意票之和${beats}${half}的为“基本满意”；否则为“不满意”。`,
    '测评结果供参考，不直接对任何人产生法律效果；“不满意”的予以标记，可列入以后的议程跟进。',
  ];
}

export function ratingSection(result: RatingResult, bodyKind: BodyKind): KindSection {
  const counts = { satisfied: 0, basically_satisfied: 0, unsatisfied: 0, none: 0 };
  for (const s of result.subjects) counts[s.tier ?? 'none']++;
  const outcomeParts = [
    `满意${counts.satisfied}个`,
    `基本满意${counts.basically_satisfied}个`,
    `不满意${counts.unsatisfied}个`,
    ...(counts.none > 0 ? [`未测评${counts.none}个`] : []),
  ];
  const outcome = `测评对象${result.subjects.length}个：${outcomeParts.join('，')}`;
  const quorum = quorumStatement(result, bodyKind);
  const notes = [`${quorum}。`];
  for (const s of result.subjects) {
    if (s.followUp) notes.push(`${s.name}的测评等次为“不满意”，已标记待跟进。`);
  }
  return {
    heading: '满意度测评结果',
    figures: [
      { label: '应到', value: `${result.total}人` },
      { label: '实到', value: `${result.present}人` },
      { label: '收回测评票', value: `${result.returned}张` },
      { label: '有效票', value: `${result.valid}张` },
      { label: '无效票', value: `${result.void}张` },
      { label: '法定人数', value: result.quorum.met ? `符合（不少于${result.quorum.required}人）` : `不符合（须不少于${result.quorum.required}人）` },
    ],
    tables: [
      {
        caption: '各测评对象结果',
        columns: ['序号', '测评对象', '类别', '满意', '基本满意', '不满意', '未评', '满意率', '满意+基本满意率', '等次'],
        numericFrom: 3,
        rows: result.subjects.map((s, index) => ({
          cells: [
            String(index + 1),
            s.name,
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
    announcement: [
      `${quorum}。收回测评票${result.returned}张，有效票${result.valid}张，无效票${result.void}张。`,
      ...result.subjects.map(
        (s) =>
          `${s.name}：满意${s.satisfied}票，基本满意${s.basically_satisfied}票，不满意${s.unsatisfied}票，` +
          `满意率${s.satisfiedRate.percent ?? '—'}，满意+基本满意率${s.satisfiedOrBasicRate.percent ?? '—'}，测评等次为${tierLabel(s.tier)}。`,
      ),
    ].join(''),
  };
}
