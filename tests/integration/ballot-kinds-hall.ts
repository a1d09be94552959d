// A hall whose agenda carries prepared ballots of every kind (issue 3); built like tests/support/hall.ts.
import type { Socket } from 'socket.io-client';
import type { BallotDraft } from '../../shared/domain/ballots/kinds';
import type { MeetingSpecInput } from '../../shared/protocol/meeting';
import { congressSpec, openHall, type Hall } from '../support/hall';

export const SLATE_ITEM = 'item-slate';
export const RATING_ITEM = 'item-rating';
export const ELECTION_ITEM = 'item-election';
export const BATCH_ITEM = 'item-batch';
export const MANUAL_ITEM = 'item-manual';
export const TIE_ITEM = 'item-tie';

export const PROJECT_IDS = Array.from({ length: 15 }, (_, i) => `ms-${String(i + 1).padStart(2, '0')}`);
export const SUBJECT_IDS = Array.from({ length: 8 }, (_, i) => `official-${i + 1}`);
export const CANDIDATE_IDS = ['c-1', 'c-2', 'c-3'];
export const BATCH_IDS = ['appoint-1', 'appoint-2', 'remove-1'];

const DRAFTS: Record<string, BallotDraft> = {
  [SLATE_ITEM]: {
    kind: 'slate',
    title: '2026年民生实事项目票决',
    secrecy: 'anonymous',
    durationSec: null,
    slate: {
      places: 10,
      projects: PROJECT_IDS.map((projectId, i) => ({ projectId, title: `民生项目${i + 1}`, sponsorUnit: '镇政府', budgetFen: 1_000_000, summary: '' })),
      settings: { form: 'per_project', rule: 'top_k_with_majority', capYesAtPlaces: true },
    },
  },
  [RATING_ITEM]: {
    kind: 'rating',
    title: '履职满意度测评',
    secrecy: 'anonymous',
    durationSec: null,
    rating: {
      subjects: SUBJECT_IDS.map((subjectId, i) => ({ subjectId, name: `任命人员${i + 1}`, kind: 'appointee' as const })),
      settings: { base: 'valid_ballots', boundary: 'strict' },
    },
  },
  [ELECTION_ITEM]: {
    kind: 'election',
    title: '选举副镇长',
    secrecy: 'anonymous',
    durationSec: null,
    election: {
      post: '副镇长',
      postType: 'deputy',
      seats: 2,
      candidates: CANDIDATE_IDS.map((candidateId, i) => ({ candidateId, name: `候选人${i + 1}` })),
      tellers: { chief: '总监票人', members: ['监票人甲', '监票人乙'] },
      settings: { ballotType: 'congress', round: 'first', byElection: false, allowWriteIns: true, marginOverride: null },
    },
  },
  [BATCH_ITEM]: {
    kind: 'batch',
    title: '人事任免案',
    secrecy: 'anonymous',
    durationSec: null,
    batch: {
      items: BATCH_IDS.map((itemId) => ({ itemId, title: `任免${itemId}` })),
      settings: { motion: { threshold: 'majority_of_all', requireHalfParticipation: false }, combined: false },
    },
  },
  [TIE_ITEM]: {
    kind: 'slate',
    title: '三选二项目票决',
    secrecy: 'anonymous',
    durationSec: null,
    slate: {
      places: 2,
      projects: ['t-1', 't-2', 't-3'].map((projectId, i) => ({ projectId, title: `备选项目${i + 1}`, sponsorUnit: '', budgetFen: null, summary: '' })),
      settings: { form: 'per_project', rule: 'top_k_with_majority', capYesAtPlaces: true },
    },
  },
  [MANUAL_ITEM]: {
    kind: 'motion',
    title: '举手表决的决议',
    secrecy: 'anonymous',
    durationSec: null,
    method: 'manual',
    settings: { threshold: 'majority_of_all', requireHalfParticipation: false },
  },
};

export function kindsSpec(delegates: number): MeetingSpecInput {
  const base = congressSpec(delegates, '票决类型测试会议');
  return {
    ...base,
    agenda: [...(base.agenda ?? []), ...Object.entries(DRAFTS).map(([itemId, ballot]) => ({ itemId, title: ballot.title, kind: 'vote' as const, ballot }))],
  };
}

export type MessageLog = Array<{ to: string; event: string; json: string }>;

/** Records every message a socket receives, as JSON text, for the secrecy checks. */
export function recordMessages(socket: Socket, to: string, log: MessageLog): void {
  socket.onAny((event: string, ...args: unknown[]) => log.push({ to, event, json: JSON.stringify(args) }));
}

/** Like openHall, with the prepared-ballot agenda. */
export function openKindsHall(baseUrl: string, delegates: number): Promise<Hall> {
  return openHall(baseUrl, kindsSpec(delegates));
}
