// Builders of one ballot spec per kind, for tests only (never imported by product code).
import type {
  BatchBallotSpec,
  ElectionBallotSpec,
  ListVoteBallotSpec,
  RatingBallotSpec,
  SlateBallotSpec,
} from './kinds';
import { DEFAULT_BATCH_SETTINGS } from './batch';
import { DEFAULT_ELECTION_SETTINGS } from './election';
import { DEFAULT_RATING_SETTINGS } from './rating';
import { DEFAULT_SLATE_SETTINGS } from './slate';

const ITEM = 'item-1';
const base = (ballotId: string, title: string) =>
  ({ ballotId, itemId: ITEM, title, secrecy: 'anonymous', durationSec: null, rerunOf: null }) as const;

export function slateBallot(ballotId: string, projects = 15, places = 10, overrides: Partial<SlateBallotSpec> = {}): SlateBallotSpec {
  return {
    ...base(ballotId, '民生实事项目票决'),
    kind: 'slate',
    slate: {
      places,
      projects: Array.from({ length: projects }, (_, i) => ({
        projectId: `p${String(i + 1).padStart(2, '0')}`,
        title: `项目${i + 1}`,
        sponsorUnit: '镇人民政府',
        budgetFen: 100_000 * (i + 1),
        summary: '',
      })),
      settings: DEFAULT_SLATE_SETTINGS,
    },
    ...overrides,
  };
}

export function electionBallot(ballotId: string, seats = 2, candidates = 3, overrides: Partial<ElectionBallotSpec> = {}): ElectionBallotSpec {
  return {
    ...base(ballotId, '选举副镇长'),
    kind: 'election',
    election: {
      post: '副镇长',
      postType: 'deputy',
      seats,
      candidates: Array.from({ length: candidates }, (_, i) => ({ candidateId: `c${i + 1}`, name: `候选人${i + 1}` })),
      tellers: { chief: '总监票人甲', members: ['监票人乙'] },
      settings: DEFAULT_ELECTION_SETTINGS,
    },
    ...overrides,
  };
}

export function ratingBallot(ballotId: string, subjects = 8, overrides: Partial<RatingBallotSpec> = {}): RatingBallotSpec {
  return {
    ...base(ballotId, '满意度测评'),
    kind: 'rating',
    rating: {
      subjects: Array.from({ length: subjects }, (_, i) => ({ subjectId: `s${i + 1}`, name: `被测评人${i + 1}`, kind: 'appointee' as const })),
      settings: DEFAULT_RATING_SETTINGS,
    },
    ...overrides,
  };
}

export function batchBallot(ballotId: string, items = 3, overrides: Partial<BatchBallotSpec> = {}): BatchBallotSpec {
  return {
    ...base(ballotId, '人事任免案'),
    kind: 'batch',
    batch: {
      items: Array.from({ length: items }, (_, i) => ({ itemId: `a${i + 1}`, title: `任命${i + 1}` })),
      settings: DEFAULT_BATCH_SETTINGS,
    },
    ...overrides,
  };
}

export function listVoteBallot(ballotId: string, overrides: Partial<ListVoteBallotSpec> = {}): ListVoteBallotSpec {
  return {
    ...base(ballotId, '主席团名单'),
    kind: 'list_vote',
    list: { members: ['甲', '乙', '丙', '丁', '戊', '己', '庚'] },
    ...overrides,
  };
}
