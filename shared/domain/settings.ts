import type { BallotMethod } from './ballots/kinds';
import type { BodyKind } from './quorum';

/**
 * The per-meeting settings of R8 ("one place to look"). Each is a practice that varies between
 * places, so each has a documented DEFAULT; stored specs may omit any of them (and old specs
 * omit all), so every reader goes through settingsOf, never through spec.settings directly.
 */
export interface MeetingSettings {
  /** R2.4, R7.3: the voting method each prepared ballot starts from. DEFAULT 'electronic'. */
  voteMethod: BallotMethod;
  /** R2.6: the separate, smaller "未表决 N" line on the wall. DEFAULT shown (true); always stored. */
  showNotVotedOnWall: boolean;
  /** R5.6: the wall shows counts only; when true it also leaves out the names of 不满意 subjects. DEFAULT false. */
  hideUnsatisfiedNamesOnWall: boolean;
  /** R1.5: below quorum at ballot open, 'warn' (DEFAULT: the presidium may override, on record) or 'block'. */
  quorumAtBallotOpen: 'warn' | 'block';
  /** Countdown a new ballot starts with, in seconds; null (DEFAULT) = the presidium closes it by hand. */
  defaultCountdownSeconds: number | null;
  /** R4.4: per-project counts hidden until published (DEFAULT false) or live. */
  liveTally: boolean;
  /** R6.1: street congress results read 建议/推荐 (DEFAULT for street_congress), never 决议/决定. */
  recommendationWording: boolean;
  /** R6.4: street congress pass base, > ½ of all members (DEFAULT) or > ½ of those present. */
  passBase: 'all_members' | 'present';
  /**
   * R8 (issue 10): the time limit the presidium's grant of the floor starts from, in seconds;
   * null = no limit. DEFAULT 300 (5 minutes) for every body kind: no rule R0–R7 sets it, each
   * body's 议事规则 does, so it is a setting. The presidium may still change it per grant.
   */
  speakingLimitSeconds: number | null;
}

/** Countdown bounds, as the ballot protocol accepts them (DurationSchema). */
export const COUNTDOWN_MIN_SECONDS = 10;
export const COUNTDOWN_MAX_SECONDS = 3600;

/** Speaking limit: the default, and the bounds the grant accepts (shared/protocol/speaking.ts GrantFloor). */
export const SPEAKING_LIMIT_DEFAULT_SECONDS = 300;
export const SPEAKING_LIMIT_MIN_SECONDS = 10;
export const SPEAKING_LIMIT_MAX_SECONDS = 7200;

/** R8 defaults, by body kind (R1 for the congress and the standing committee, R6 for the street congress). */
export function defaultSettings(kind: BodyKind): MeetingSettings {
  return {
    voteMethod: 'electronic',
    showNotVotedOnWall: true,
    hideUnsatisfiedNamesOnWall: false,
    quorumAtBallotOpen: 'warn',
    defaultCountdownSeconds: null,
    liveTally: false,
    recommendationWording: kind === 'street_congress',
    passBase: 'all_members',
    speakingLimitSeconds: SPEAKING_LIMIT_DEFAULT_SECONDS,
  };
}

/** A meeting's settings with every omitted one at its default. The one way to read them. */
export function settingsOf(spec: { body: { kind: BodyKind }; settings?: Partial<MeetingSettings> | undefined }): MeetingSettings {
  const defaults = defaultSettings(spec.body.kind);
  const given = spec.settings ?? {};
  const out = { ...defaults };
  // Own, defined properties only: a stored spec never reaches a default through its prototype.
  for (const key of Object.keys(defaults) as (keyof MeetingSettings)[]) {
    if (Object.prototype.hasOwnProperty.call(given, key) && given[key] !== undefined) {
      (out as Record<string, unknown>)[key] = given[key];
    }
  }
  return out;
}
