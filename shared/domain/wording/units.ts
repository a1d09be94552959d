import { pick, type WordingLang } from './lang';

/**
 * Units as read aloud: people 人, paper ballots 张, votes 票. One spelling everywhere: a space
 * each side of the number ("应到 40 人"), as on the console, the wall and the printed sheet.
 */
export function people(n: number, lang: WordingLang = 'zh'): string {
  return pick(lang, `${n} 人`, `${n}`);
}

export function papers(n: number, lang: WordingLang = 'zh'): string {
  return pick(lang, `${n} 张`, `${n}`);
}

export function votes(n: number, lang: WordingLang = 'zh'): string {
  return pick(lang, `${n} 票`, `${n}`);
}

/** Projects and places: 个. */
export function pieces(n: number, lang: WordingLang = 'zh'): string {
  return pick(lang, `${n} 个`, `${n}`);
}

/** Chinese list separator 、 (and ", " in English). */
export function listOf(names: readonly string[], lang: WordingLang = 'zh'): string {
  return names.join(pick(lang, '、', ', '));
}
