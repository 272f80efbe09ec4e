// The layout every Tessera page and mail shares (review pages, the verify page, notification
// mails), and how they show an instant to people.
import { h, type SafeHtml } from '@tessera/core';

/** `lang` is the page's language (BCP 47), so screen readers pronounce it right. `head` adds to
 *  <head> (a badge page's sharing tags, its script); `robots` defaults to noindex. */
export function page(title: string, body: SafeHtml, options: { lang?: string; head?: SafeHtml; robots?: string } = {}): string {
  return h`<!doctype html>
<html lang="${options.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="${options.robots ?? 'noindex'}">
<title>${title} · Tessera</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; color: #1d2330; }
  h1 { font-size: 1.5rem; }
  .card { border: 1px solid #d8dce6; border-radius: 8px; padding: 1rem 1.25rem; margin: 1rem 0; }
  dt { font-weight: 600; } dd { margin: 0 0 .5rem 0; }
  textarea { width: 100%; min-height: 5rem; font: inherit; }
  button { font: inherit; padding: .5rem 1.25rem; border-radius: 6px; border: 1px solid #1d2330; cursor: pointer; margin-right: .5rem; }
  button.approve { background: #1f7a3d; color: #fff; border-color: #1f7a3d; }
  button.reject { background: #fff; color: #a11d1d; border-color: #a11d1d; }
  .muted { color: #5b6478; font-size: .9rem; }
</style>
${options.head ?? ''}
</head>
<body>
${body}
</body>
</html>`.value;
}

/** "5 December 2026, 18:47 UTC": readable in any mail client, unambiguous across time zones. */
export function formatInstant(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toLocaleString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })} UTC`;
}
