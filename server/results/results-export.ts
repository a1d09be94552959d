/**
 * A meeting's results for the archive and for spreadsheets: every published or voided ballot.
 * Totals only; a delegate's choice is never exported, whatever the ballot's secrecy (R2.5).
 */
import type { MeetingState } from '../../shared/domain/meeting';
import { ballotRecords } from './ballot-record';
import { toCsv, type CsvValue } from './csv';
import { buildResultSheet } from './result-sheet';
import { RESULT_COLUMNS, resultRows, type ResultRow } from './result-rows';
import type { AnyResult, BallotRecord } from './sheet-model';
import { kindLabel, secrecyLabel } from './wording';

export interface BallotExport {
  seq: number;
  ballotId: string;
  itemTitle: string;
  title: string;
  kind: BallotRecord['kind'];
  method: BallotRecord['method'];
  secrecy: BallotRecord['secrecy'];
  status: BallotRecord['status'];
  voidReason: string | null;
  openedAt: number;
  closedAt: number | null;
  /** The outcome in words, as printed on the sheet. */
  outcome: string;
  /** The text the chair reads aloud; empty for a voided ballot. */
  announcement: string;
  /** The published result exactly as in the log; null for a ballot voided before publication. */
  result: AnyResult | null;
}

export interface ResultsExport {
  meetingId: string;
  bodyName: string;
  bodyKind: MeetingState['spec']['body']['kind'];
  sessionTitle: string;
  exportedAt: number;
  ballots: BallotExport[];
  rows: ResultRow[];
}

export function resultsJson(state: MeetingState, exportedAt: number): ResultsExport {
  const records = ballotRecords(state);
  return {
    meetingId: state.spec.meetingId,
    bodyName: state.spec.body.name,
    bodyKind: state.spec.body.kind,
    sessionTitle: state.spec.title,
    exportedAt,
    ballots: records.map((record) => {
      const sheet = buildResultSheet(record);
      return {
        seq: record.seq,
        ballotId: record.ballotId,
        itemTitle: record.itemTitle,
        title: record.title,
        kind: record.kind,
        method: record.method,
        secrecy: record.secrecy,
        status: record.status,
        voidReason: record.voidReason,
        openedAt: record.openedAt,
        closedAt: record.closedAt,
        outcome: sheet.outcome,
        announcement: sheet.announcement,
        result: record.result,
      };
    }),
    rows: records.flatMap(resultRows),
  };
}

/** Codes shown in words in the spreadsheet (the JSON keeps the codes). */
function csvValue(row: ResultRow, key: keyof ResultRow, bodyKind: MeetingState['spec']['body']['kind']): CsvValue {
  switch (key) {
    case 'kind':
      return kindLabel(row.kind, bodyKind);
    case 'method':
      return row.method === 'manual' ? '人工计票' : '电子表决';
    case 'secrecy':
      return secrecyLabel(row.secrecy);
    case 'status':
      return row.status === 'void' ? '作废' : '已公布';
    default:
      return row[key];
  }
}

/** UTF-8 CSV with a BOM, one row per counted line (see result-rows.ts), Chinese headers. */
export function resultsCsv(state: MeetingState): string {
  const rows = ballotRecords(state).flatMap(resultRows);
  const bodyKind = state.spec.body.kind;
  return toCsv(
    RESULT_COLUMNS.map(([, header]) => header),
    rows.map((row) => RESULT_COLUMNS.map(([key]) => csvValue(row, key, bodyKind))),
  );
}
