import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { catalogues, LANGUAGES, negotiateLanguage, translator } from './index.ts';

/** The placeholders a message uses, with their ICU types (`name:argument`, `count:plural`...). */
function placeholders(message: string): string[] {
  const found = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if ('value' in element && element.type !== TYPE.literal) found.add(`${element.value}:${TYPE[element.type]}`);
      if ('options' in element) for (const option of Object.values(element.options)) walk(option.value);
      if ('children' in element) walk(element.children);
    }
  };
  walk(parse(message, { ignoreTag: true }));
  return [...found].sort();
}

const keysOf = (catalogue: Record<string, Record<string, string>>) =>
  Object.entries(catalogue)
    .flatMap(([ns, messages]) => Object.keys(messages).map((k) => `${ns}.${k}`))
    .sort();

describe('message catalogues', () => {
  for (const language of LANGUAGES.filter((l) => l !== 'en')) {
    it(`${language} has exactly the English keys`, () => {
      expect(keysOf(catalogues[language])).toEqual(keysOf(catalogues.en));
    });
    it(`${language} uses the same placeholders as English in every message`, () => {
      for (const [ns, messages] of Object.entries(catalogues.en)) {
        for (const [key, english] of Object.entries(messages)) {
          expect(placeholders(catalogues[language][ns]?.[key] ?? ''), `${ns}.${key}`).toEqual(placeholders(english));
        }
      }
    });
  }
  it('every message of every language parses as ICU MessageFormat', () => {
    for (const language of LANGUAGES)
      for (const messages of Object.values(catalogues[language])) for (const m of Object.values(messages)) expect(() => parse(m, { ignoreTag: true })).not.toThrow();
  });
  it('the checker sees a placeholder that differs', () => {
    expect(placeholders('Hello {name}')).not.toEqual(placeholders('Bonjour {nom}'));
    expect(placeholders('{n, plural, one {# badge} other {# badges}}')).toEqual(['n:plural']);
  });
});

describe('translator', () => {
  it('formats placeholders in each language', () => {
    expect(translator('en').t('mail.greeting', { name: 'Ada' })).toBe('Hello Ada,');
    expect(translator('fr').t('mail.greeting', { name: 'Ada' })).toBe('Bonjour Ada,');
  });
  it('formats dates per language, in UTC', () => {
    expect(translator('en').date('2026-12-03T23:30:00Z')).toBe('December 3, 2026');
    expect(translator('fr').date('2026-12-03T23:30:00Z')).toBe('3 décembre 2026');
  });
  it('fails loudly on a key no catalogue has', () => {
    expect(() => translator('en').t('badge.nope' as never)).toThrow(/missing/);
  });
});

describe('negotiateLanguage', () => {
  it('takes the chosen language first', () => expect(negotiateLanguage('en-GB,en', 'fr')).toBe('fr'));
  it('ignores a chosen language it does not ship', () => expect(negotiateLanguage('fr-CA', 'de')).toBe('fr'));
  it('ranks Accept-Language by quality', () => expect(negotiateLanguage('de;q=1, en;q=0.5, fr-BE;q=0.8')).toBe('fr'));
  it('skips q=0', () => expect(negotiateLanguage('fr;q=0, en;q=0.1')).toBe('en'));
  it('defaults to English', () => {
    expect(negotiateLanguage(undefined)).toBe('en');
    expect(negotiateLanguage('de, es')).toBe('en');
  });
});
