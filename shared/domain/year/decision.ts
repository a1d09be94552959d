/**
 * R4.7: the year's ONE decision (决定) on 民生实事 projects, merged from the project vote and its
 * tie re-votes (R4.5), and its text. The text names the 通过 date, the government 议案 it answers,
 * says "经无记名投票表决", lists the adopted projects (title, sponsor, budget: no per-project
 * counts, which belong on the count report) and ends with the supervision and year-end 测评
 * clause. A street deliberative congress recommends (R6.1): 建议/推荐, never 决定/决议.
 */
import type { SlateResult } from '../ballots/slate';
import { chineseOrdinal, formatBudget } from '../ballots/slate-decision';
import type { BodyInfo, CandidateProject, ProjectDecision } from './body';

export interface SlateLink {
  ballotId: string;
  /** The ballot this one is a tie re-vote of, or null for the first vote. */
  followUpOf: string | null;
  closedAt: number;
  result: SlateResult;
}

export type MergedSlate =
  | { ok: true; ballotIds: string[]; adopted: string[]; passedAt: number }
  | { ok: false; pending: boolean; message: string };

/**
 * The chain from `rootId` through its tie re-votes, merged: the first vote's adopted projects,
 * then each re-vote's. Complete only when the last link leaves no tie; until then nothing is
 * decided (no partial draft, issue 12).
 */
export function mergeSlateChain(links: readonly SlateLink[], rootId: string): MergedSlate {
  const byFollowUp = new Map<string, SlateLink>();
  for (const link of links) if (link.followUpOf !== null) byFollowUp.set(link.followUpOf, link);
  let current = links.find((l) => l.ballotId === rootId);
  if (!current) return { ok: false, pending: false, message: `no published project vote ${rootId}` };
  const chain: SlateLink[] = [];
  while (current) {
    if (current.result.outcome === 'invalid') {
      return { ok: false, pending: false, message: '收回的表决票多于发出的表决票，票决无效，须重新投票（R4.6）' };
    }
    chain.push(current);
    if (!current.result.tieRevote) break;
    current = byFollowUp.get(current.ballotId);
    if (!current) return { ok: false, pending: true, message: '并列项目尚未再次投票，决定待再次投票结果公布后形成（R4.5）' };
  }
  const adopted: string[] = [];
  for (const link of chain) for (const id of link.result.adopted) if (!adopted.includes(id)) adopted.push(id);
  return {
    ok: true,
    ballotIds: chain.map((l) => l.ballotId),
    adopted,
    passedAt: Math.max(...chain.map((l) => l.closedAt)),
  };
}

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** "2027年1月15日" in Beijing. */
export function chineseDate(at: number): string {
  const d = new Date(at + BEIJING_OFFSET_MS);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** The government (or street office) that submits and implements the projects. */
export function governmentOf(info: BodyInfo): string {
  if (info.kind === 'street_congress') return info.name.replace(/议政代表(大)?会.*$/, '') + '办事处';
  return info.name.replace(/人民代表大会.*$|人大常委会.*$/, '') + '人民政府';
}

/** Who supervises the implementation and organizes the year-end 测评. */
export function supervisorOf(info: BodyInfo): string {
  if (info.kind === 'street_congress') return info.convener ?? '人大街道工委';
  if (info.kind === 'standing_committee') return info.name;
  if (info.level === 'township') return info.name.replace(/人民代表大会.*$/, '') + '人民代表大会主席团';
  return info.name.replace(/人民代表大会.*$/, '') + '人民代表大会常务委员会';
}

export interface DecisionText {
  title: string;
  text: string;
}

export function decisionText(info: BodyInfo, decision: ProjectDecision, projectOf: (id: string) => CandidateProject | undefined): DecisionText {
  const street = info.kind === 'street_congress';
  const gov = governmentOf(info);
  const { sessionTitle, year } = decision;
  const title = street ? `${sessionTitle}关于推荐${year}年民生实事项目的建议` : `${sessionTitle}关于${year}年民生实事项目的决定`;
  const adopted = decision.adopted.flatMap((id) => projectOf(id) ?? []);
  const lines = [title, `（${chineseDate(decision.passedAt)}${sessionTitle}通过）`, ''];
  const heard = street
    ? `${sessionTitle}审议了《${decision.motionTitle}》，经无记名投票票选，`
    : `${sessionTitle}审议了${gov}提请的《${decision.motionTitle}》，经无记名投票表决，`;
  const chosen = street ? `推荐以下${adopted.length}个项目为` : `决定以下${adopted.length}个项目为`;
  lines.push(adopted.length > 0 ? `${heard}${chosen}${year}年民生实事项目：` : `${heard}本次未产生${year}年民生实事项目。`);
  adopted.forEach((p, i) => {
    const details = [`实施单位：${p.sponsorUnit}`];
    if (p.budgetFen !== null) details.push(`预算${formatBudget(p.budgetFen)}`);
    lines.push(`${chineseOrdinal(i + 1)}、${p.title}（${details.join('；')}）`);
  });
  lines.push('');
  lines.push(
    street
      ? `建议${gov}制定实施方案，明确责任单位、目标任务、完成时限和资金保障，认真组织实施，并按季度报告实施进展。${supervisorOf(info)}跟踪项目实施，年底组织议政代表对项目实施情况进行满意度测评。`
      : `会议要求${gov}制定实施方案，明确责任单位、目标任务、完成时限和资金保障，认真组织实施，按季度报告实施进展。${supervisorOf(info)}要加强对项目实施情况的监督，年底组织代表对项目实施情况进行满意度测评，测评结果向社会公开。`,
  );
  return { title, text: lines.join('\n') };
}
