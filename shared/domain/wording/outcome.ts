/**
 * Outcome words per kind. A street deliberative congress only recommends (R6.1): a motion it
 * carries is 通过（作为建议）and projects are 推荐, never 决定/决议 — on the wall as in print.
 * A list vote (R3.10) is 通过 or 未通过: the list is carried, nobody is "当选" by it.
 */
import type { ElectionResult } from '../ballots/election';
import type { ListVoteResult } from '../ballots/list-vote';
import type { MotionResult } from '../ballots/motion';
import type { RatingTier } from '../ballots/rating';
import type { SlateProjectResult, SlateResult } from '../ballots/slate';
import type { BodyKind } from '../quorum';
import { isStreet } from './body';
import { pick, type WordingLang } from './lang';
import { listOf, people } from './units';

export function passedWord(bodyKind: BodyKind, lang: WordingLang = 'zh'): string {
  return isStreet(bodyKind) ? pick(lang, '通过（作为建议）', 'Passed (as a recommendation)') : pick(lang, '通过', 'Passed');
}

export function failedWord(lang: WordingLang = 'zh'): string {
  return pick(lang, '未通过', 'Not passed');
}

export function motionOutcome(result: MotionResult, bodyKind: BodyKind, lang: WordingLang = 'zh'): string {
  switch (result.outcome) {
    case 'passed':
      return passedWord(bodyKind, lang);
    case 'failed':
      return failedWord(lang);
    case 'invalid':
      return pick(
        lang,
        `表决无效（参加表决 ${people(result.voted)}，不足 ${people(result.rule.requiredVoters ?? 0)}）`,
        `Invalid: ${result.voted} voted, fewer than ${result.rule.requiredVoters ?? 0}`,
      );
  }
}

/** R3.10: the list is 通过 or 未通过 as a whole. */
export function listVoteOutcome(result: ListVoteResult, bodyKind: BodyKind, lang: WordingLang = 'zh'): string {
  return result.motion.outcome === 'passed'
    ? pick(lang, `名单${passedWord(bodyKind)}`, `List ${passedWord(bodyKind, 'en').toLowerCase()}`)
    : pick(lang, `名单${failedWord()}`, 'List not passed');
}

/** 入选 for a congress, 推荐 for a street deliberative congress (R6.1). */
export function adoptedWord(bodyKind: BodyKind, lang: WordingLang = 'zh'): string {
  return isStreet(bodyKind) ? pick(lang, '推荐', 'Recommended') : pick(lang, '入选', 'Adopted');
}

export function projectStanding(project: SlateProjectResult, result: SlateResult, bodyKind: BodyKind, lang: WordingLang = 'zh'): string {
  const word = adoptedWord(bodyKind, lang);
  if (project.adopted) return word;
  if (project.tied) return pick(lang, '票数相等，待重新投票', 'Tied: new vote');
  if (!project.qualified) {
    return result.rule === 'top_k_with_majority'
      ? pick(lang, `未${word}（赞成票未过半数）`, 'Not adopted: For votes not above half')
      : pick(lang, `未${word}（无人赞成）`, 'Not adopted: no For votes');
  }
  return pick(lang, `未${word}（名额已满）`, 'Not adopted: places filled');
}

function projectTitles(result: SlateResult, ids: readonly string[], lang: WordingLang): string {
  const byId = new Map(result.projects.map((p) => [p.projectId, p.title]));
  return listOf(
    ids.map((id) => byId.get(id) ?? id),
    lang,
  );
}

export function slateOutcome(result: SlateResult, bodyKind: BodyKind, lang: WordingLang = 'zh'): string {
  const word = adoptedWord(bodyKind, lang);
  switch (result.outcome) {
    case 'invalid':
      return pick(
        lang,
        `票决无效：收回 ${result.returned} 张，多于发出 ${result.issued} 张，须重新投票`,
        `Invalid: ${result.returned} returned, more than the ${result.issued} issued; the vote must be held again`,
      );
    case 'filled':
      return pick(lang, `${word}项目 ${result.decidedPlaces} 个，${result.places} 个名额全部确定`, `${result.decidedPlaces} projects ${word.toLowerCase()}; all ${result.places} places filled`);
    case 'tie_revote': {
      const tied = projectTitles(result, result.tieRevote?.projectIds ?? [], lang);
      const places = result.tieRevote?.places ?? 0;
      return pick(
        lang,
        `${word}项目 ${result.decidedPlaces} 个；另有 ${places} 个名额，${tied}赞成票数相等，须就上述项目重新投票`,
        `${result.decidedPlaces} projects ${word.toLowerCase()}; ${places} more places are tied (${tied}) and need a new vote`,
      );
    }
    case 'places_open':
      return pick(lang, `${word}项目 ${result.decidedPlaces} 个，${result.openPlaces} 个名额空缺`, `${result.decidedPlaces} projects ${word.toLowerCase()}; ${result.openPlaces} places remain open`);
  }
}

export function electedWord(lang: WordingLang = 'zh'): string {
  return pick(lang, '当选', 'Elected');
}

export function personStanding(person: { elected: boolean; tied: boolean; qualified: boolean }, lang: WordingLang = 'zh'): string {
  if (person.elected) return electedWord(lang);
  if (person.tied) return pick(lang, '票数相等，待再次投票', 'Tied: new vote');
  return person.qualified ? pick(lang, '未当选（名额已满）', 'Not elected: seats filled') : pick(lang, '未当选（未达当选票数）', 'Not elected: too few votes');
}

function tiedPeople(result: ElectionResult): string[] {
  const tie = result.tieRevote;
  if (!tie) return [];
  const byId = new Map(result.candidates.map((c) => [c.candidateId, c.name]));
  return [...tie.candidateIds.map((id) => byId.get(id) ?? id), ...tie.writeInNames];
}

export function electionOutcome(result: ElectionResult, lang: WordingLang = 'zh'): string {
  const names = listOf(result.elected.map((p) => p.name), lang);
  const electedPart = result.elected.length > 0 ? pick(lang, `${names}当选`, `Elected: ${names}`) : pick(lang, '无人当选', 'Nobody elected');
  switch (result.outcome) {
    case 'invalid':
      return result.validity === 'turnout_not_more_than_half'
        ? pick(lang, '参加投票的选民未过半数，选举无效', 'Not more than half of the voters took part: the election is invalid')
        : pick(lang, '收回的选票多于发出的选票，选举无效，须重新投票', 'More ballots returned than issued: the election is invalid and must be held again');
    case 'filled':
      return pick(lang, `${electedPart}，应选 ${result.seats} 名全部选出`, `${electedPart}; all ${result.seats} seats filled`);
    case 'tie_revote':
      return pick(
        lang,
        `${electedPart}；${listOf(tiedPeople(result))}得票相等，须就 ${result.tieRevote?.seats ?? 0} 个名额在上述人员中再次投票`,
        `${electedPart}; ${listOf(tiedPeople(result), 'en')} are tied for ${result.tieRevote?.seats ?? 0} seats and need a new vote`,
      );
    case 'seats_open':
      return pick(lang, `${electedPart}；${result.openSeats} 个名额空缺，须另行选举`, `${electedPart}; ${result.openSeats} seats remain for a further election`);
  }
}

export function tierWord(tier: RatingTier | null, lang: WordingLang = 'zh'): string {
  switch (tier) {
    case 'satisfied':
      return pick(lang, '满意', 'Satisfied');
    case 'basically_satisfied':
      return pick(lang, '基本满意', 'Basically satisfied');
    case 'unsatisfied':
      return pick(lang, '不满意', 'Dissatisfied');
    case null:
      return pick(lang, '未测评', 'Not rated');
  }
}

/** The outcome of any kind's result in one line, as the sheet's 表决结论 and the minutes print it. */
export function resultOutcome(result: import('../ballots/kinds').BallotResult, bodyKind: BodyKind, lang: WordingLang = 'zh'): string {
  switch (result.kind) {
    case 'motion':
      return motionOutcome(result, bodyKind, lang);
    case 'list_vote':
      return listVoteOutcome(result, bodyKind, lang);
    case 'batch': {
      const passed = result.items.filter((i) => i.motion.outcome === 'passed').length;
      return pick(
        lang,
        `共 ${result.items.length} 项，${passedWord(bodyKind)} ${passed} 项，${failedWord()} ${result.items.length - passed} 项`,
        `${result.items.length} items: ${passed} passed, ${result.items.length - passed} not passed`,
      );
    }
    case 'slate':
      return slateOutcome(result, bodyKind, lang);
    case 'election':
      return electionOutcome(result, lang);
    case 'rating': {
      const tiers = result.subjects.map((s) => tierWord(s.tier, lang));
      return pick(lang, `测评对象 ${result.subjects.length} 个：${tiers.join('、')}`, `${result.subjects.length} subjects: ${tiers.join(', ')}`);
    }
  }
}
