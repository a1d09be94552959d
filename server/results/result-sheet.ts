/** Builds the printable result sheet of one ballot: the common header plus its kind's section. */
import { decisionYear } from '../../shared/domain/ballots/slate-decision';
import { batchSection } from './batch-sheet';
import { electionSection } from './election-sheet';
import { listVoteSection } from './list-vote-sheet';
import { motionSection } from './motion-sheet';
import { ratingSection } from './rating-sheet';
import type { AnyResult, BallotRecord, Figure, KindSection, ResultSheet } from './sheet-model';
import { slateSection } from './slate-sheet';
import { people } from '../../shared/domain/wording/index';
import { formatTime, isStreet, kindLabel, methodLabel, secrecyLabel } from './wording';

export function kindSection(record: BallotRecord, result: AnyResult): KindSection {
  switch (result.kind) {
    case 'motion':
      return motionSection(result, record.bodyKind);
    case 'batch':
      return batchSection(result, record.bodyKind);
    case 'slate':
      return slateSection(result, {
        bodyKind: record.bodyKind,
        sessionTitle: record.sessionTitle,
        year: decisionYear(record.slateYear, record.closedAt ?? record.openedAt),
        capYes: record.slateCapYes,
      });
    case 'election':
      return electionSection(result, record.bodyKind);
    case 'list_vote':
      return listVoteSection(result, record.bodyKind);
    case 'rating':
      return ratingSection(result, record.bodyKind);
  }
}

function defaultHeading(record: BallotRecord): string {
  if (record.kind === 'slate') return isStreet(record.bodyKind) ? '民生实事项目票选推荐结果' : '民生实事项目票决结果';
  return isStreet(record.bodyKind) ? '表决结果（建议）' : '表决结果';
}

function header(record: BallotRecord): Figure[] {
  const rows: Figure[] = [
    { label: '会议机构', value: record.bodyName },
    { label: '会议', value: record.sessionTitle },
    { label: '议程事项', value: record.itemTitle },
    { label: '表决事项', value: record.title },
    { label: '表决类型', value: kindLabel(record.kind, record.bodyKind) },
    { label: '表决方式', value: record.enteredBy ? `${methodLabel(record.method)}，录入人：${record.enteredBy}` : methodLabel(record.method) },
    { label: '记名方式', value: secrecyLabel(record.secrecy) },
    { label: '表决编号', value: `第${record.seq}次表决（${record.ballotId}）` },
    { label: '开始时间', value: formatTime(record.openedAt) },
  ];
  if (record.closedAt !== null) rows.push({ label: '结束时间', value: formatTime(record.closedAt) });
  if (record.rerunOf) rows.push({ label: '重新表决', value: `本次是对已作废的表决 ${record.rerunOf} 的重新表决` });
  if (record.rerunBy) rows.push({ label: '重新表决', value: `本次表决作废后，以表决 ${record.rerunBy} 重新表决` });
  for (const next of record.followedBy) {
    rows.push({
      label: next.reason === 'tie_revote' ? '再次投票' : '另行选举',
      value: next.reason === 'tie_revote' ? `票数相等者已在表决 ${next.ballotId} 中再次投票` : `空缺名额已在表决 ${next.ballotId} 中另行选举`,
    });
  }
  if (record.followUpOf) {
    rows.push({
      label: record.followUpOf.reason === 'tie_revote' ? '再次投票' : '另行选举',
      value:
        record.followUpOf.reason === 'tie_revote'
          ? `就表决 ${record.followUpOf.ballotId} 中票数相等者再次投票`
          : `表决 ${record.followUpOf.ballotId} 空缺名额的另行选举`,
    });
  }
  return rows;
}

function openingNotes(record: BallotRecord): string[] {
  if (!record.quorumOverride) return [];
  return [
    `开始表决时实到 ${people(record.presentAtOpen)}，未达到法定人数；主席团（${record.quorumOverride.by}）同意继续表决，理由：${record.quorumOverride.reason}`,
  ];
}

const EMPTY_SECTION: KindSection = { figures: [], tables: [], outcome: '', rule: [], notes: [], announcement: '' };

export function buildResultSheet(record: BallotRecord): ResultSheet {
  const section = record.result ? kindSection(record, record.result) : EMPTY_SECTION;
  const voided = record.status === 'void' ? { reason: record.voidReason ?? '' } : null;
  const notes = [...openingNotes(record), ...section.notes];
  if (voided && !record.result) {
    notes.unshift(`本次表决在公布结果前作废，不公布计票结果；已投票 ${people(record.papers)}。`);
  } else if (voided) {
    notes.unshift(`作废前已公布的结果：${section.outcome}。该结果不再有效。`);
  }
  const heading = section.heading ?? defaultHeading(record);
  return {
    heading: voided ? `${heading}（作废）` : heading,
    header: header(record),
    figures: section.figures,
    tables: section.tables,
    outcome: voided ? `作废（${voided.reason}）` : section.outcome,
    rule: section.rule,
    notes,
    announcement: voided ? '' : section.announcement,
    decision: voided ? null : (section.decision ?? null),
    signatures: section.signatures ?? [],
    voided,
  };
}
