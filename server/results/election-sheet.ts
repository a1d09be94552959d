/**
 * R3 elections: validity (R3.4), every candidate's count and the write-ins (R3.12), who is
 * elected, ties (R3.6) and open seats for a further election (R3.7), and the tellers who sign
 * the record (R3.11).
 */
import type { CandidateResult, ElectionResult, ElectionVoidReason } from '../../shared/domain/ballots/election';
import type { ElectionPostType } from '../../shared/domain/ballots/election-margin';
import type { BodyKind } from '../../shared/domain/quorum';
import {
  electionOutcome,
  electionRule,
  electionRuleDetails,
  papers,
  people,
  personStanding,
  resultAnnouncement,
  resultFigures,
  validityLine as paperValidityLine,
  readout,
} from '../../shared/domain/wording/index';
import type { KindSection, RowMark, Signature } from './sheet-model';

export { electionOutcome, personStanding };

export const VOID_REASON_LABELS: Record<ElectionVoidReason, string> = {
  over_seats: '所选人数多于应选人数',
  write_in_with_abstain: '另选他人而该栏未划反对',
  write_in_with_yes: '同一栏既赞成候选人又另选他人',
  duplicate_write_in: '重复另选同一人',
  write_in_names_candidate: '另选的是正式候选人',
  unreadable: '无法识别',
  paper_count: '计票时判定无效',
};

const POST_TYPE_LABELS: Record<ElectionPostType, string> = {
  head: '正职',
  deputy: '副职',
  committee: '委员',
  other: '其他',
};

const CONTEST_LABELS: Record<ElectionResult['contest'], string> = {
  equal: '等额选举',
  competitive: '差额选举',
  short: '候选人少于应选名额',
};

function mark(person: { elected: boolean; tied: boolean }): RowMark {
  if (person.elected) return 'elected';
  return person.tied ? 'tied' : null;
}

/** R3.4 (and XJF 第四十五条 for direct elections): the validity the chair declares before the count. */
function validityLine(result: ElectionResult): string {
  if (result.validity === 'turnout_not_more_than_half') {
    return `参加投票的选民未超过半数（收回 ${papers(result.returned)}，应到 ${people(result.total)}），选举无效。`;
  }
  const line = `${paperValidityLine(readout(result).papers!, '选票', '选举')}。`;
  return result.validity === 'returned_exceeds_issued' ? `${line}由主席团安排重新投票。` : line;
}

function ruleLines(result: ElectionResult, bodyKind: BodyKind): string[] {
  return [electionRule(result, bodyKind), ...electionRuleDetails(result)];
}

/** R3.11: the chief teller and each teller sign the record. */
export function tellerSignatures(result: ElectionResult): Signature[] {
  return [
    { role: '总监票人', name: result.tellers.chief },
    ...(result.tellers.members.length > 0
      ? result.tellers.members.map((name) => ({ role: '监票人', name }))
      : [{ role: '监票人', name: null }]),
  ];
}

function candidateCells(c: CandidateResult, index: number): string[] {
  return [String(index + 1), c.name, String(c.yes), String(c.no), String(c.abstain), String(c.rank), personStanding(c)];
}

export function electionSection(result: ElectionResult, bodyKind: BodyKind): KindSection {
  const voidDetail = (Object.keys(VOID_REASON_LABELS) as ElectionVoidReason[])
    .filter((r) => result.voidReasons[r] > 0)
    .map((r) => `${VOID_REASON_LABELS[r]} ${papers(result.voidReasons[r])}`);
  const notes = [validityLine(result), ...result.warnings.map((w) => w.message)];
  if (result.openSeats > 0) notes.push(`${result.openSeats} 个名额空缺，由主席团提请另行选举。`);
  const notVoted = resultFigures(result).find((f) => f.key === 'notVoted')?.n ?? 0;
  const outcome = electionOutcome(result);
  const tables: KindSection['tables'] = [];
  if (result.outcome !== 'invalid') {
    tables.push({
      caption: '候选人得票（每位候选人的得票数均予公布）',
      columns: ['序号', '姓名', '赞成', '反对', '弃权', '名次', '结果'],
      numericFrom: 2,
      rows: result.candidates.map((c, index) => ({ cells: candidateCells(c, index), mark: mark(c) })),
    });
    tables.push({
      caption: '另选他人得票',
      columns: ['序号', '姓名', '得票', '名次', '结果'],
      numericFrom: 2,
      rows: result.writeIns.map((w, index) => ({
        cells: [String(index + 1), w.name, String(w.votes), String(w.rank), personStanding(w)],
        mark: mark(w),
      })),
    });
  }
  return {
    heading: '选举结果',
    figures: [
      { label: '职务', value: `${result.post}（${POST_TYPE_LABELS[result.postType]}）` },
      { label: '应选', value: `${result.seats} 名` },
      {
        label: '候选人',
        value:
          result.candidates.length > 0
            ? `${result.candidates.length} 名，${CONTEST_LABELS[result.contest]}`
            : CONTEST_LABELS[result.contest],
      },
      { label: '应到', value: people(result.total) },
      { label: '实到', value: people(result.present) },
      { label: '参加投票', value: people(result.returned) },
      { label: '未投票', value: people(notVoted) },
      { label: '发出选票', value: papers(result.issued) },
      { label: '收回选票', value: papers(result.returned) },
      { label: '有效票', value: papers(result.valid) },
      { label: '无效票', value: voidDetail.length > 0 ? `${papers(result.void)}（${voidDetail.join('，')}）` : papers(result.void) },
    ],
    tables,
    outcome,
    rule: ruleLines(result, bodyKind),
    notes,
    announcement: resultAnnouncement(result, bodyKind),
    signatures: tellerSignatures(result),
  };
}
