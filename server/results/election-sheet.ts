/**
 * R3 elections: validity (R3.4), every candidate's count and the write-ins (R3.12), who is
 * elected, ties (R3.6) and open seats for a further election (R3.7), and the tellers who sign
 * the record (R3.11).
 */
import type { CandidateResult, ElectionResult, ElectionVoidReason } from '../../shared/domain/ballots/election';
import type { ElectionPostType } from '../../shared/domain/ballots/election-margin';
import type { BodyKind } from '../../shared/domain/quorum';
import type { KindSection, RowMark, Signature } from './sheet-model';
import { allMembers } from './wording';

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

export function personStanding(person: { elected: boolean; tied: boolean; qualified: boolean }): string {
  if (person.elected) return '当选';
  if (person.tied) return '票数相等，待再次投票';
  return person.qualified ? '未当选（名额已满）' : '未当选（未达当选票数）';
}

function mark(person: { elected: boolean; tied: boolean }): RowMark {
  if (person.elected) return 'elected';
  return person.tied ? 'tied' : null;
}

function validityLine(result: ElectionResult): string {
  switch (result.validity) {
    case 'valid':
      return `收回选票${result.returned}张，不多于发出的${result.issued}张，选举有效。`;
    case 'returned_exceeds_issued':
      return `收回选票${result.returned}张，多于发出的${result.issued}张，选举无效，由主席团安排重新投票。`;
    case 'turnout_not_more_than_half':
      return `参加投票的选民未超过半数（收回${result.returned}张，应到${result.total}人），选举无效。`;
  }
}

function tiedNames(result: ElectionResult): string[] {
  const tie = result.tieRevote;
  if (!tie) return [];
  const byId = new Map(result.candidates.map((c) => [c.candidateId, c.name]));
  return [...tie.candidateIds.map((id) => byId.get(id) ?? id), ...tie.writeInNames];
}

export function electionOutcome(result: ElectionResult): string {
  const elected = result.elected.map((p) => p.name).join('、');
  const electedPart = result.elected.length > 0 ? `${elected}当选` : '无人当选';
  switch (result.outcome) {
    case 'invalid':
      return '选举无效，须重新投票';
    case 'filled':
      return `${electedPart}，应选${result.seats}名全部选出`;
    case 'tie_revote':
      return `${electedPart}；${tiedNames(result).join('、')}得票相等，须就${result.tieRevote?.seats ?? 0}个名额在上述人员中再次投票`;
    case 'seats_open':
      return `${electedPart}；${result.openSeats}个名额空缺，须另行选举`;
  }
}

function ruleLines(result: ElectionResult, bodyKind: BodyKind): string[] {
  const required = result.rule.requiredVotes;
  const overSeats = '每张选票所选人数（赞成与另选他人合计）多于应选名额的无效，等于或少于的有效。';
  if (result.rule.basis === 'most_votes') {
    return ['本次是就上次票数相等的人再次投票，以得票多的当选；票数仍相等的，再次投票。', overSeats];
  }
  const lines: string[] = [];
  switch (result.rule.basis) {
    case 'more_than_half_of_all':
      lines.push(`获得的赞成票超过${allMembers(bodyKind)}（应到${result.total}人）的半数，即不少于${required}票，始得当选。`);
      break;
    case 'more_than_half_of_voters':
      lines.push(`获得参加投票的选民过半数的选票，即不少于${required}票，始得当选。`);
      break;
    case 'most_votes_with_one_third':
      lines.push(`另行选举以得票多的当选，但得票数不得少于选票的三分之一，即不少于${required}票。`);
      break;
  }
  lines.push('获得上述票数的人多于应选名额时，以得票多的当选；票数相等不能确定当选人时，就票数相等的人再次投票，以得票多的当选。');
  lines.push('获得上述票数的当选人少于应选名额时，不足的名额另行选举。');
  lines.push(overSeats);
  if (result.rule.round === 'further') lines.push('本次为另行选举。');
  return lines;
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
    .map((r) => `${VOID_REASON_LABELS[r]}${result.voidReasons[r]}张`);
  const notes = [validityLine(result), ...result.warnings.map((w) => w.message)];
  if (result.openSeats > 0) notes.push(`${result.openSeats}个名额空缺，由主席团提请另行选举。`);
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
  const candidateLines =
    result.outcome === 'invalid'
      ? []
      : [
          ...result.candidates.map((c) => `${c.name}，赞成${c.yes}票，反对${c.no}票，弃权${c.abstain}票。`),
          ...result.writeIns.map((w) => `另选他人${w.name}，${w.votes}票。`),
        ];
  return {
    heading: '选举结果',
    figures: [
      { label: '职务', value: `${result.post}（${POST_TYPE_LABELS[result.postType]}）` },
      { label: '应选', value: `${result.seats}名` },
      {
        label: '候选人',
        value:
          result.candidates.length > 0
            ? `${result.candidates.length}名，${CONTEST_LABELS[result.contest]}`
            : CONTEST_LABELS[result.contest],
      },
      { label: '应到', value: `${result.total}人` },
      { label: '实到', value: `${result.present}人` },
      { label: '发出选票', value: `${result.issued}张` },
      { label: '收回选票', value: `${result.returned}张` },
      { label: '有效票', value: `${result.valid}张` },
      { label: '无效票', value: voidDetail.length > 0 ? `${result.void}张（${voidDetail.join('，')}）` : `${result.void}张` },
    ],
    tables,
    outcome,
    rule: ruleLines(result, bodyKind),
    notes,
    announcement: [
      `应到${result.total}人，实到${result.present}人；发出选票${result.issued}张，收回${result.returned}张，` +
        `有效票${result.valid}张，无效票${result.void}张。${validityLine(result)}`,
      ...candidateLines,
      `${outcome}。`,
    ].join(''),
    signatures: tellerSignatures(result),
  };
}
