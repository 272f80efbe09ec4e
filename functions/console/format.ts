// Instants with their time, as the reader's language writes them (numbers and dates alone: the
// translator's number() and date(), which keep their own formatters).
import type { Translator } from '@tessera/i18n';

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
