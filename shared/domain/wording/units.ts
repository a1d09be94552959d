import { pick, type WordingLang } from './lang';

/**
 * Units as read aloud: people 人, paper ballots 张, votes 票. One spelling everywhere: a space
 * each side of the number ("应到 40 人"), as on the console, the wall and the printed sheet.
 */
type UnitKind = 'people' | 'papers' | 'votes' | 'pieces';

/** 人 for people, 张 for paper ballots, 票 for votes, 个 for projects and places; English reads the bare number. */
const UNIT_WORDS: Record<UnitKind, string> = { people: '人', papers: '张', votes: '票', pieces: '个' };

/** The unit word alone ('' in English), for screens that set the number and its unit apart. */
export function unitWord(kind: UnitKind, lang: WordingLang = 'zh'): string {
  return pick(lang, UNIT_WORDS[kind], '');
}

function withUnit(n: number, kind: UnitKind, lang: WordingLang): string {
  const unit = unitWord(kind, lang);
  return unit ? `${n} ${unit}` : `${n}`;
}

export function people(n: number, lang: WordingLang = 'zh'): string {
  return withUnit(n, 'people', lang);
}

export function papers(n: number, lang: WordingLang = 'zh'): string {
  return withUnit(n, 'papers', lang);
}

export function votes(n: number, lang: WordingLang = 'zh'): string {
  return withUnit(n, 'votes', lang);
}

/** Projects and places: 个. */
export function pieces(n: number, lang: WordingLang = 'zh'): string {
  return withUnit(n, 'pieces', lang);
}

/** Chinese list separator 、 (and ", " in English). */
export function listOf(names: readonly string[], lang: WordingLang = 'zh'): string {
  return names.join(pick(lang, '、', ', '));
}
