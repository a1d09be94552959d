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
import {
  papers,
  people,
  pieces,
  projectStanding,
  resultAnnouncement,
  resultFigures,
  slateOutcome,
  slateRule,
  slateRuleDetails,
} from '../../shared/domain/wording/index';
import type { KindSection, RowMark } from './sheet-model';

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

export { projectStanding, slateOutcome };

function mark(project: SlateProjectResult): RowMark {
  if (project.adopted) return 'adopted';
  return project.tied ? 'tied' : null;
}

function titles(result: SlateResult, ids: readonly string[]): string {
  const byId = new Map(result.projects.map((p) => [p.projectId, p.title]));
  return ids.map((id) => byId.get(id) ?? id).join('、');
}

export function slateSection(result: SlateResult, context: SlateSheetContext): KindSection {
  const { bodyKind } = context;
  const choose = result.form === 'choose_up_to_k';
  const voidDetail = SLATE_VOID_REASONS.filter((r) => result.voidReasons[r] > 0).map(
    (r) => `${SLATE_VOID_LABELS[r]} ${papers(result.voidReasons[r])}`,
  );
  const notes = result.warnings.map((w) => w.message);
  if (result.openPlaces > 0) notes.push(`${pieces(result.openPlaces)}名额空缺，本次不再确定。`);
  if (result.tieRevote) {
    notes.push(`须就${titles(result, result.tieRevote.projectIds)}重新投票，确定 ${pieces(result.tieRevote.places)}名额。`);
  }
  const notVoted = resultFigures(result).find((f) => f.key === 'notVoted')?.n ?? 0;
  const draft = draftDecision(result, { bodyKind, sessionTitle: context.sessionTitle, year: context.year });
  const outcome = slateOutcome(result, bodyKind);
  const columns = choose
    ? ['序号', '项目编号', '项目名称', '实施单位', '预算', '得票', '名次', '结果']
    : ['序号', '项目编号', '项目名称', '实施单位', '预算', '赞成', '反对', '弃权', '名次', '结果'];
  return {
    figures: [
      { label: '应到', value: people(result.total) },
      { label: '实到', value: people(result.present) },
      { label: '参加表决', value: people(result.returned) },
      { label: '未表决', value: people(notVoted) },
      { label: '发出表决票', value: papers(result.issued) },
      { label: '收回表决票', value: papers(result.returned) },
      { label: '有效票', value: papers(result.valid) },
      { label: '无效票', value: voidDetail.length > 0 ? `${papers(result.void)}（${voidDetail.join('，')}）` : papers(result.void) },
      { label: '拟定名额', value: pieces(result.places) },
      { label: '候选项目', value: pieces(result.projects.length) },
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
                  ...(choose ? [] : [String(p.no), String(p.abstain)]),
                  String(p.rank),
                  projectStanding(p, result, bodyKind),
                ],
                mark: mark(p),
              })),
            },
          ],
    outcome,
    rule: [slateRule(result, bodyKind), ...slateRuleDetails(result, context.capYes)],
    notes,
    announcement: resultAnnouncement(result, bodyKind),
    decision: draft.ok ? { title: draft.title, text: draft.text } : null,
  };
}
