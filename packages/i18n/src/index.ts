// Every string a person reads (pages and e-mails) comes from a message catalogue: one ICU
// MessageFormat file per language in ../messages, keyed `namespace.key`. English is the
// reference: a test holds every other language to the same keys and the same placeholders.
import { IntlMessageFormat } from 'intl-messageformat';
import en from '../messages/en.json' with { type: 'json' };
import fr from '../messages/fr.json' with { type: 'json' };

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

type Catalogue = typeof en;
/** `badge.awardedTo`, `console.title`...: every key of the English catalogue, checked by tsc. */
export type MessageKey = { [N in keyof Catalogue]: `${N & string}.${keyof Catalogue[N] & string}` }[keyof Catalogue];
export type MessageValues = Record<string, string | number | Date>;

export const catalogues: Record<Language, Record<string, Record<string, string>>> = { en, fr };

export const isLanguage = (value: unknown): value is Language => (LANGUAGES as readonly unknown[]).includes(value);

/** Formats one language's messages; formatters are compiled once per key and kept. */
export type Translator = {
  readonly language: Language;
  t(key: MessageKey, values?: MessageValues): string;
  /** A date as people of this language write it: "3 December 2026" / "3 décembre 2026". */
  date(value: string | Date, style?: 'long' | 'short'): string;
  number(value: number, options?: Intl.NumberFormatOptions): string;
};

const translators = new Map<Language, Translator>();

export function translator(language: Language): Translator {
  const known = translators.get(language);
  if (known) return known;
  const compiled = new Map<string, IntlMessageFormat>();
  // Building an Intl.NumberFormat costs far more than using one: a page of figures would pay it per cell.
  const numberFormats = new Map<string, Intl.NumberFormat>();
  const dates = {
    long: new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }),
    short: new Intl.DateTimeFormat(language, { dateStyle: 'short', timeZone: 'UTC' }),
  };
  const created: Translator = {
    language,
    t(key, values) {
      let format = compiled.get(key);
      if (!format) {
        const [namespace = '', name = ''] = key.split('.');
        const source = catalogues[language][namespace]?.[name];
        // A missing key is a bug the catalogue test catches; fail loudly rather than show a raw key.
        if (source === undefined) throw new Error(`message '${key}' is missing from the ${language} catalogue`);
        format = new IntlMessageFormat(source, language, undefined, { ignoreTag: true });
        compiled.set(key, format);
      }
      return String(format.format(values));
    },
    date(value, style = 'long') {
      const date = typeof value === 'string' ? new Date(value) : value;
      return Number.isNaN(date.getTime()) ? String(value) : dates[style].format(date);
    },
    number(value, options) {
      const cacheKey = JSON.stringify(options ?? {});
      let format = numberFormats.get(cacheKey);
      if (!format) {
        format = new Intl.NumberFormat(language, options);
        numberFormats.set(cacheKey, format);
      }
      return format.format(value);
    },
  };
  translators.set(language, created);
  return created;
}

/** The language for a dynamic page: the reader's explicit choice (the `lang` cookie) wins, then
 *  the first supported language of `Accept-Language` by quality, then English. */
export function negotiateLanguage(acceptLanguage: string | undefined, chosen?: string): Language {
  if (isLanguage(chosen)) return chosen;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { base: tag.trim().toLowerCase().split('-')[0] ?? '', quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranked.map((entry) => entry.base).find(isLanguage) ?? DEFAULT_LANGUAGE;
}

/** The name of the cookie that keeps a reader's language choice. */
export const LANGUAGE_COOKIE = 'lang';
