/** The rule a result was decided by, with this ballot's numbers (R2.8: the announcement names the rule). */
import type { ElectionResult } from '../ballots/election';
import type { MotionResult } from '../ballots/motion';
import type { RatingResult } from '../ballots/rating';
import type { SlateResult } from '../ballots/slate';
import type { BodyKind, QuorumCheck } from '../quorum';
import { allMembers, isStreet } from './body';
import { pick, type WordingLang } from './lang';
import { people, votes } from './units';

/** R2.2, R2.3: "赞成票超过全体代表（应到 40 人）的半数，即不少于 21 票，为通过。" */
export function motionRule(result: MotionResult, bodyKind: BodyKind, lang: WordingLang = 'zh'): string[] {
  const all = allMembers(bodyKind, lang);
  const passed = isStreet(bodyKind) ? '为通过（作为建议）' : '为通过';
  const lines = [
    result.rule.threshold === 'two_thirds_of_all'
      ? pick(
          lang,
          `赞成票达到${all}（应到 ${people(result.total)}）的三分之二以上，即不少于 ${votes(result.rule.requiredYes)}，${passed}。`,
          `For votes must reach two thirds of ${all} (${result.total}): at least ${result.rule.requiredYes}.`,
        )
      : pick(
          lang,
          `赞成票超过${all}（应到 ${people(result.total)}）的半数，即不少于 ${votes(result.rule.requiredYes)}，${passed}。`,
          `For votes must exceed half of ${all} (${result.total}): at least ${result.rule.requiredYes}.`,
        ),
  ];
  if (result.rule.requireHalfParticipation) {
    lines.push(
      pick(
        lang,
        `参加表决的人数须达到${all}的半数以上，即不少于 ${people(result.rule.requiredVoters ?? 0)}，表决方为有效。`,
        `At least half of ${all} must vote: at least ${result.rule.requiredVoters ?? 0}.`,
      ),
    );
  }
  return lines;
}

/** R2.6, for the printed sheet: 未表决 is no option, whether by keypad or by a count of hands. */
export function notVotedNote(lang: WordingLang = 'zh'): string {
  return pick(lang, '未表决不是表决选项，不计入赞成票。', 'Not voting is no option and is not a For vote.');
}

/** R4.3 (and R3.2): an unmarked line on a cast paper counts as 弃权. */
export function unmarkedNote(lang: WordingLang = 'zh'): string {
  return pick(lang, '表决票上未作标记的项目按弃权计。', 'A line left unmarked on a cast paper counts as Abstain.');
}

/** R4.5: the main slate rule line. */
export function slateRule(result: SlateResult, bodyKind: BodyKind, lang: WordingLang = 'zh'): string {
  const word = isStreet(bodyKind) ? pick(lang, '推荐', 'recommended') : pick(lang, '入选', 'adopted');
  return result.rule === 'top_k_with_majority'
    ? pick(
        lang,
        `按赞成票多少排序，在赞成票超过${allMembers(bodyKind)}（应到 ${people(result.total)}）半数，即不少于 ${votes(result.requiredYes)}的项目中，取前 ${result.places} 个${word}。`,
        `Ranked by For votes: the top ${result.places} with more than half of ${allMembers(bodyKind, 'en')} (at least ${result.requiredYes}) are ${word}.`,
      )
    : pick(lang, `按赞成票多少排序，取前 ${result.places} 个${word}（至少须有 1 票赞成）。`, `Ranked by For votes: the top ${result.places} are ${word}.`);
}

/** R4.3–R4.6, printed under the slate's main rule. */
export function slateRuleDetails(result: SlateResult, capYes: boolean | null): string[] {
  const lines: string[] = [];
  if (result.form === 'choose_up_to_k') {
    lines.push(`限选：每张表决票至多选择 ${result.places} 个项目，多选的为无效票。`);
  } else {
    lines.push(
      capYes === false
        ? '逐项表决：对每个项目可投赞成、反对或弃权。'
        : `逐项表决：对每个项目可投赞成、反对或弃权，每张表决票赞成不得超过 ${result.places} 个，超过的为无效票。`,
    );
    lines.push(unmarkedNote());
  }
  lines.push(`第 ${result.places} 名出现票数相等时，不以抽签或排列顺序确定，而就票数相等的项目重新投票；符合条件的项目不足时，名额空缺。`);
  lines.push('收回的表决票多于发出的表决票时，票决无效。');
  return lines;
}

/** R3.5–R3.8: the main election rule line. */
export function electionRule(result: ElectionResult, bodyKind: BodyKind, lang: WordingLang = 'zh'): string {
  const n = result.rule.requiredVotes;
  switch (result.rule.basis) {
    case 'more_than_half_of_all':
      return pick(
        lang,
        `获得的赞成票超过${allMembers(bodyKind)}（应到 ${people(result.total)}）的半数，即不少于 ${votes(n)}，始得当选。`,
        `Elected with For votes from more than half of ${allMembers(bodyKind, 'en')} (at least ${n}).`,
      );
    case 'more_than_half_of_voters':
      return pick(lang, `获得参加投票的选民过半数的选票，即不少于 ${votes(n)}，始得当选。`, `Elected with more than half of the votes cast (at least ${n}).`);
    case 'most_votes_with_one_third':
      return pick(lang, `另行选举以得票多的当选，但得票数不得少于选票的三分之一，即不少于 ${votes(n)}。`, `Most votes win, with at least one third of the ballots (at least ${n}).`);
    case 'most_votes':
      return pick(lang, '本次是就上次票数相等的人再次投票，以得票多的当选；票数仍相等的，再次投票。', 'New vote among the tied: the most votes win.');
  }
}

/** R3.3, R3.6, R3.7, printed under the election's main rule. */
export function electionRuleDetails(result: ElectionResult): string[] {
  const overSeats = '每张选票所选人数（赞成与另选他人合计）多于应选名额的无效，等于或少于的有效；未作标记的候选人按弃权计。';
  if (result.rule.basis === 'most_votes') return [overSeats];
  const lines = [
    '获得上述票数的人多于应选名额时，以得票多的当选；票数相等不能确定当选人时，就票数相等的人再次投票，以得票多的当选。',
    '获得上述票数的当选人少于应选名额时，不足的名额另行选举。',
    overSeats,
  ];
  if (result.rule.round === 'further') lines.push('本次为另行选举。');
  return lines;
}

/** R5.4: the tier rule with its base and boundary spelled out. */
export function ratingRule(result: RatingResult, bodyKind: BodyKind, lang: WordingLang = 'zh'): string {
  const base =
    result.settings.base === 'valid_ballots'
      ? pick(lang, '有效票数', 'the valid ballots')
      : pick(lang, `${allMembers(bodyKind)}人数（应到 ${people(result.total)}）`, allMembers(bodyKind, 'en'));
  const beats = result.settings.boundary === 'strict' ? pick(lang, '超过', 'more than') : pick(lang, '达到', 'at least');
  const half = result.settings.boundary === 'strict' ? '半数' : '半数（含半数）';
  return pick(
    lang,
    `测评等次以${base}为基数：满意票${beats}${half}的为“满意”；否则满意与基本满意票之和${beats}${half}的为“基本满意”；否则为“不满意”。`,
    `Tier over ${base}: Satisfied if satisfied votes are ${beats} half; Basically satisfied if satisfied plus basically satisfied are; otherwise Dissatisfied.`,
  );
}

export function ratingRuleDetails(): string[] {
  return [
    '满意率 = 满意票 ÷ 有效票；满意+基本满意率 =（满意票 + 基本满意票）÷ 有效票。',
    '测评结果供参考，不直接对任何人产生法律效果；“不满意”的予以标记，可列入以后的议程跟进。',
  ];
}

function quorumRuleWords(quorum: QuorumCheck, bodyKind: BodyKind, lang: WordingLang): string {
  return quorum.rule === 'two_thirds_of_all'
    ? pick(lang, `${allMembers(bodyKind)}的三分之二以上`, `two thirds of ${allMembers(bodyKind, 'en')}`)
    : pick(lang, `${allMembers(bodyKind)}的过半数`, `more than half of ${allMembers(bodyKind, 'en')}`);
}

/** R5.3: "应到 30 人，实到 29 人，符合测评的法定人数（全体组成人员的过半数，不少于 16 人）". */
export function ratingQuorum(result: RatingResult, bodyKind: BodyKind, lang: WordingLang = 'zh'): string {
  const q = result.quorum;
  return pick(
    lang,
    `应到 ${people(result.total)}，实到 ${people(result.present)}，${q.met ? '符合' : '不符合'}测评的法定人数（${quorumRuleWords(q, bodyKind, lang)}，不少于 ${people(q.required)}）`,
    `${result.total} members, ${result.present} present: the rating quorum (${quorumRuleWords(q, bodyKind, lang)}, at least ${q.required}) is ${q.met ? 'met' : 'not met'}`,
  );
}
