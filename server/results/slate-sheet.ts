/**
 * R4 project votes: every project with its 赞成/反对/弃权 and rank, the adopted ones marked
 * (R4.6), places left open or waiting for a tie re-vote (R4.5), and the draft decision (R4.7).
 */
import { draftDecision, formatBudget } from '../../shared/domain/ballots/slate-decision';
import {
  SLATE_VOID_REASONS,
  type SlateProjectResult,
  type SlateResult,
  type SlateVoidReason,
} from '../../shared/domain/ballots/slate';
import type { BodyKind } from '../../shared/domain/quorum';
import type { KindSection, RowMark } from './sheet-model';
import { allMembers, isStreet } from './wording';

export interface SlateSheetContext {
  bodyKind: BodyKind;
  sessionTitle: string;
  /** The year the projects are for. */
  year: number;
  /** Whether a per-project paper with more than K 赞成 is void; null when unknown. */
  capYes: boolean | null;
}

const SLATE_VOID_LABELS: Record<SlateVoidReason, string> = {
  over_cap: '赞成超过名额',
  unreadable: '无法识别',
  paper_count: '计票时判定无效',
};

function adoptedWord(bodyKind: BodyKind): string {
  return isStreet(bodyKind) ? '推荐' : '入选';
}

export function projectStanding(project: SlateProjectResult, result: SlateResult, bodyKind: BodyKind): string {
  if (project.adopted) return adoptedWord(bodyKind);
  if (project.tied) return '票数相等，待重新投票';
  if (!project.qualified) {
    return result.rule === 'top_k_with_majority' ? `未${adoptedWord(bodyKind)}（赞成票未过半数）` : `未${adoptedWord(bodyKind)}（无人赞成）`;
  }
  return `未${adoptedWord(bodyKind)}（名额已满）`;
}

function mark(project: SlateProjectResult): RowMark {
  if (project.adopted) return 'adopted';
  return project.tied ? 'tied' : null;
}

function titles(result: SlateResult, ids: readonly string[]): string {
  const byId = new Map(result.projects.map((p) => [p.projectId, p.title]));
  return ids.map((id) => byId.get(id) ?? id).join('、');
}

export function slateOutcome(result: SlateResult, bodyKind: BodyKind): string {
  const word = adoptedWord(bodyKind);
  switch (result.outcome) {
    case 'invalid':
      return `票决无效：收回${result.returned}张，多于发出${result.issued}张，须重新投票`;
    case 'filled':
      return `${word}项目${result.decidedPlaces}个，${result.places}个名额全部确定`;
    case 'tie_revote':
      return (
        `${word}项目${result.decidedPlaces}个；另有${result.tieRevote?.places ?? 0}个名额，` +
        `${titles(result, result.tieRevote?.projectIds ?? [])}赞成票数相等，须就上述项目重新投票`
      );
    case 'places_open':
      return `${word}项目${result.decidedPlaces}个，${result.openPlaces}个名额空缺`;
  }
}

function ruleLines(result: SlateResult, context: SlateSheetContext): string[] {
  const lines: string[] = [];
  if (result.form === 'choose_up_to_k') {
    lines.push(`限选：每张表决票至多选择${result.places}个项目，多选的为无效票。`);
  } else {
    lines.push(
      context.capYes === false
        ? '逐项表决：对每个项目可投赞成、反对或弃权。'
        : `逐项表决：对每个项目可投赞成、反对或弃权，每张表决票赞成不得超过${result.places}个，超过的为无效票。`,
    );
  }
  lines.push(
    result.rule === 'top_k_with_majority'
      ? `按赞成票多少排序，在赞成票超过${allMembers(context.bodyKind)}（应到${result.total}人）半数，即不少于${result.requiredYes}票的项目中，取前${result.places}个。`
      : `按赞成票多少排序，取前${result.places}个（至少须有1票赞成）。`,
  );
  lines.push(`第${result.places}名出现票数相等时，不以抽签或排列顺序确定，而就票数相等的项目重新投票；符合条件的项目不足时，名额空缺。`);
  lines.push('收回的表决票多于发出的表决票时，票决无效。');
  return lines;
}

export function slateSection(result: SlateResult, context: SlateSheetContext): KindSection {
  const { bodyKind } = context;
  const choose = result.form === 'choose_up_to_k';
  const voidDetail = SLATE_VOID_REASONS.filter((r) => result.voidReasons[r] > 0).map(
    (r) => `${SLATE_VOID_LABELS[r]}${result.voidReasons[r]}张`,
  );
  const notes = result.warnings.map((w) => w.message);
  if (result.openPlaces > 0) notes.push(`${result.openPlaces}个名额空缺，本次不再确定。`);
  if (result.tieRevote) {
    notes.push(`须就${titles(result, result.tieRevote.projectIds)}重新投票，确定${result.tieRevote.places}个名额。`);
  }
  const draft = draftDecision(result, { bodyKind, sessionTitle: context.sessionTitle, year: context.year });
  const outcome = slateOutcome(result, bodyKind);
  const columns = choose
    ? ['序号', '项目编号', '项目名称', '实施单位', '预算', '得票', '名次', '结果']
    : ['序号', '项目编号', '项目名称', '实施单位', '预算', '赞成', '反对', '弃权', '未表决', '名次', '结果'];
  return {
    figures: [
      { label: '应到', value: `${result.total}人` },
      { label: '实到', value: `${result.present}人` },
      { label: '发出表决票', value: `${result.issued}张` },
      { label: '收回表决票', value: `${result.returned}张` },
      { label: '有效票', value: `${result.valid}张` },
      { label: '无效票', value: voidDetail.length > 0 ? `${result.void}张（${voidDetail.join('，')}）` : `${result.void}张` },
      { label: '拟定名额', value: `${result.places}个` },
      { label: '候选项目', value: `${result.projects.length}个` },
    ],
    tables:
      result.outcome === 'invalid'
        ? []
        : [
            {
              caption: '各候选项目得票',
              columns,
              numericFrom: 5,
              rows: result.projects.map((p, index) => ({
                cells: [
                  String(index + 1),
                  p.projectId,
                  p.title,
                  p.sponsorUnit,
                  p.budgetFen === null ? '—' : formatBudget(p.budgetFen),
                  String(p.yes),
                  ...(choose ? [] : [String(p.no), String(p.abstain), String(p.blank)]),
                  String(p.rank),
                  projectStanding(p, result, bodyKind),
                ],
                mark: mark(p),
              })),
            },
          ],
    outcome,
    rule: ruleLines(result, context),
    notes,
    announcement: [
      `应到${result.total}人，实到${result.present}人；发出表决票${result.issued}张，收回${result.returned}张，` +
        `有效票${result.valid}张，无效票${result.void}张。`,
      ...(result.outcome === 'invalid'
        ? []
        : result.projects.map((p) =>
            choose ? `${p.title}，得票${p.yes}票。` : `${p.title}，赞成${p.yes}票，反对${p.no}票，弃权${p.abstain}票。`,
          )),
      `${outcome}。`,
    ].join(''),
    decision: draft.ok ? { title: draft.title, text: draft.text } : null,
  };
}
