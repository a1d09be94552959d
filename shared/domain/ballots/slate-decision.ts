/**
 * R4.7: the draft of the session's decision on the year's livelihood projects, rendered from
 * a published project-vote result. It carries the stable project ids (R4.8).
 * A street deliberative congress has no power to decide (R6.1): its draft recommends
 * (推荐/建议) and never uses the words 决定 or 决议.
 */
import type { BodyKind } from '../quorum';
import type { SlateResult } from './slate';

export interface DecisionMeta {
  bodyKind: BodyKind;
  /** e.g. "某某镇第十八届人民代表大会第三次会议" */
  sessionTitle: string;
  /** The year the projects are for: decisionYear(spec.year, vote date). */
  year: number;
}

/** China Standard Time is UTC+8 all year (no daylight saving since 1991). */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The calendar year in Beijing at epoch ms `at`: 2026-12-31T16:30Z is already 2027 there. */
export function beijingYear(at: number): number {
  return new Date(at + BEIJING_OFFSET_MS).getUTCFullYear();
}

/**
 * The year the adopted projects are for (R4.7): the slate's own `year` when the secretariat set
 * it (a December session voting next year's projects), else the vote date's year in Beijing.
 */
export function decisionYear(slateYear: number | null | undefined, votedAt: number): number {
  return slateYear ?? beijingYear(votedAt);
}

export type DecisionDraft = { ok: true; title: string; text: string } | { ok: false; message: string };

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (enough for list numbering). */
export function chineseOrdinal(n: number): string {
  if (n < 10) return DIGITS[n] ?? String(n);
  if (n >= 100) return String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
}

/** Fen → "1200万元", "35000元" or "35000.50元", in integer math. */
export function formatBudget(fen: number): string {
  const yuan = Math.floor(fen / 100);
  const cents = fen % 100;
  if (cents !== 0) return `${yuan}.${String(cents).padStart(2, '0')}元`;
  if (yuan !== 0 && yuan % 10_000 === 0) return `${yuan / 10_000}万元`;
  return `${yuan}元`;
}

function memberNoun(kind: BodyKind): string {
  if (kind === 'standing_committee') return '组成人员';
  if (kind === 'street_congress') return '成员';
  return '代表';
}

export function draftDecision(result: SlateResult, meta: DecisionMeta): DecisionDraft {
  if (result.outcome === 'invalid') {
    return { ok: false, message: '收回的表决票多于发出的表决票，票决无效，须重新投票（R4.6）' };
  }
  const street = meta.bodyKind === 'street_congress';
  const vote = street ? '票选' : '票决';
  const title = street
    ? `${meta.sessionTitle}关于推荐${meta.year}年民生实事项目的建议（草案）`
    : `${meta.sessionTitle}关于${meta.year}年民生实事项目的决定（草案）`;

  const byId = new Map(result.projects.map((p) => [p.projectId, p]));
  const adopted = result.adopted.flatMap((id) => byId.get(id) ?? []);
  const lines: string[] = [
    `${meta.sessionTitle}对${meta.year}年民生实事候选项目进行了${vote}。` +
      `应到${result.total}人，实到${result.present}人；发出表决票${result.issued}张，收回${result.returned}张，` +
      `其中有效票${result.valid}张，无效票${result.void}张。`,
  ];
  if (adopted.length === 0) {
    lines.push(`根据${vote}结果，本次未产生${meta.year}年民生实事项目。`);
  } else {
    lines.push(
      street
        ? `根据${vote}结果，会议推荐以下${adopted.length}个项目作为${meta.year}年民生实事项目：`
        : `根据${vote}结果，会议决定以下${adopted.length}个项目为${meta.year}年民生实事项目：`,
    );
    adopted.forEach((project, index) => {
      const details = [`项目编号：${project.projectId}`, `实施单位：${project.sponsorUnit}`];
      if (project.budgetFen !== null) details.push(`预算${formatBudget(project.budgetFen)}`);
      details.push(`赞成${project.yes}票`);
      lines.push(`${chineseOrdinal(index + 1)}、${project.title}（${details.join('；')}）`);
    });
  }
  if (result.tieRevote) {
    const tied = result.tieRevote.projectIds.flatMap((id) => byId.get(id)?.title ?? []);
    lines.push(`另有${result.tieRevote.places}个名额，${tied.join('、')}赞成票数相等，须就上述项目再次投票确定。`);
  }
  if (result.openPlaces > 0) {
    const why =
      result.rule === 'top_k_with_majority'
        ? `其余候选项目的赞成票未超过全体${memberNoun(meta.bodyKind)}的半数`
        : '其余候选项目无人赞成';
    lines.push(`另有${result.openPlaces}个名额，因${why}，本次空缺。`);
  }
  lines.push(
    street
      ? '建议街道办事处制定实施方案，明确责任单位、目标任务、完成时限和资金保障，认真组织实施，并向本会报告实施情况。'
      : '请人民政府制定实施方案，明确责任单位、目标任务、完成时限和资金保障，认真组织实施，并报告实施情况。',
  );
  return { ok: true, title, text: [title, '', ...lines].join('\n') };
}
