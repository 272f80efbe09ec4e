// Numbers as the reader's language writes them, with each Intl formatter built once per language and
// options (the translator's number() builds a new one per call: too slow for a report's hundreds).
import type { Translator } from '@tessera/i18n';

const formatters = new Map<string, Intl.NumberFormat>();

export function formatNumber(t: Translator, value: number, options: Intl.NumberFormatOptions = {}): string {
  const key = `${t.language}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(t.language, options);
    formatters.set(key, format);
  }
  return format.format(value);
}

const dateTimes = new Map<string, Intl.DateTimeFormat>();

/** An instant with its time, in the reader's language, in UTC (as the mails write it). */
export function formatDateTime(t: Translator, iso: string): string {
  let format = dateTimes.get(t.language);
  if (!format) {
    format = new Intl.DateTimeFormat(t.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
    dateTimes.set(t.language, format);
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${format.format(date)} UTC`;
}
