/**
 * The one wording source (issue 10): every screen, sheet and export takes its result words,
 * figures and announcement text from shared/domain/wording/*, so what the chair reads aloud, the
 * wall shows and the sheet prints say the same thing. Chinese is the record; English is offered on
 * screens for readers who ask for it.
 */
export type WordingLang = 'zh' | 'en';

/** The Chinese or the English form. */
export function pick(lang: WordingLang, zh: string, en: string): string {
  return lang === 'en' ? en : zh;
}
