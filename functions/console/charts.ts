// Bar charts drawn on the server as SVG: no script, no fonts fetched. Each chart has a title and a
// description for assistive technology, and every page shows the same numbers in a table beside it.
import { h, type SafeHtml } from '@tessera/core';

export type Bar = { label: string; value: number; /** the value as people read it ("87 %") */ shown: string };

const WIDTH = 520;
const LABEL_WIDTH = 170;
const BAR_HEIGHT = 22;
const GAP = 8;
const COLOUR = '#0b4fa8';

const clip = (text: string, max = 24) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Horizontal bars, one per label, scaled to `max` (default: the largest value). */
export function horizontalBars(id: string, title: string, description: string, bars: readonly Bar[], max?: number): SafeHtml {
  const top = Math.max(max ?? 0, ...bars.map((b) => b.value), 1);
  const height = Math.max(1, bars.length) * (BAR_HEIGHT + GAP) + GAP;
  const room = WIDTH - LABEL_WIDTH - 70;
  return h`<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${id}-title ${id}-desc" width="100%" viewBox="0 0 ${WIDTH} ${height}" preserveAspectRatio="xMinYMin meet">
<title id="${id}-title">${title}</title><desc id="${id}-desc">${description}</desc>
${bars.map((bar, i) => {
  const y = GAP + i * (BAR_HEIGHT + GAP);
  const w = Math.round((Math.max(0, bar.value) / top) * room);
  return h`<text x="${LABEL_WIDTH - 6}" y="${y + 15}" text-anchor="end">${clip(bar.label)}</text><rect x="${LABEL_WIDTH}" y="${y}" width="${w}" height="${BAR_HEIGHT}" fill="${COLOUR}"/><text x="${LABEL_WIDTH + w + 6}" y="${y + 15}">${bar.shown}</text>`;
})}
<line x1="${LABEL_WIDTH}" y1="0" x2="${LABEL_WIDTH}" y2="${height}" stroke="#1d2330"/>
</svg>`;
}

/** Vertical bars over time (weeks), labels under each bar. */
export function columns(id: string, title: string, description: string, bars: readonly Bar[]): SafeHtml {
  const top = Math.max(1, ...bars.map((b) => b.value));
  const plot = 180;
  const step = Math.max(28, Math.floor((WIDTH - 40) / Math.max(1, bars.length)));
  const width = Math.max(WIDTH, 40 + step * bars.length);
  return h`<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${id}-title ${id}-desc" width="100%" viewBox="0 0 ${width} ${plot + 50}" preserveAspectRatio="xMinYMin meet">
<title id="${id}-title">${title}</title><desc id="${id}-desc">${description}</desc>
${bars.map((bar, i) => {
  const x = 30 + i * step;
  const barHeight = Math.round((bar.value / top) * (plot - 20));
  return h`<rect x="${x}" y="${plot - barHeight}" width="${step - 8}" height="${barHeight}" fill="${COLOUR}"/><text x="${x + (step - 8) / 2}" y="${plot - barHeight - 4}" text-anchor="middle">${bar.shown}</text><text x="${x + (step - 8) / 2}" y="${plot + 16}" text-anchor="middle">${clip(bar.label, 6)}</text>`;
})}
<line x1="25" y1="${plot}" x2="${width}" y2="${plot}" stroke="#1d2330"/>
</svg>`;
}

export type Series = { label: string; colour: string };
/** One bar split into segments, one per series (in the series' order), and its total as people read it. */
export type StackedBar = { label: string; values: readonly number[]; shown: string };

const LEGEND_HEIGHT = 26;

/** Horizontal bars split by series, with a legend above them (the colours are also told by the table beside). */
export function stackedBars(id: string, title: string, description: string, series: readonly Series[], bars: readonly StackedBar[]): SafeHtml {
  const top = Math.max(1, ...bars.map((b) => b.values.reduce((a, v) => a + Math.max(0, v), 0)));
  const height = LEGEND_HEIGHT + Math.max(1, bars.length) * (BAR_HEIGHT + GAP) + GAP;
  const room = WIDTH - LABEL_WIDTH - 70;
  const step = Math.floor(WIDTH / Math.max(1, series.length));
  return h`<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${id}-title ${id}-desc" width="100%" viewBox="0 0 ${WIDTH} ${height}" preserveAspectRatio="xMinYMin meet">
<title id="${id}-title">${title}</title><desc id="${id}-desc">${description}</desc>
${series.map((s, i) => h`<rect x="${i * step}" y="4" width="12" height="12" fill="${s.colour}"/><text x="${i * step + 16}" y="14">${clip(s.label, 14)}</text>`)}
${bars.map((bar, i) => {
  const y = LEGEND_HEIGHT + GAP + i * (BAR_HEIGHT + GAP);
  let x = LABEL_WIDTH;
  const segments = bar.values.map((value, s) => {
    const w = Math.round((Math.max(0, value) / top) * room);
    const segment = w > 0 ? h`<rect x="${x}" y="${y}" width="${w}" height="${BAR_HEIGHT}" fill="${series[s]?.colour ?? COLOUR}" stroke="#fff"/>` : h``;
    x += w;
    return segment;
  });
  return h`<text x="${LABEL_WIDTH - 6}" y="${y + 15}" text-anchor="end">${clip(bar.label)}</text>${segments}<text x="${x + 6}" y="${y + 15}">${bar.shown}</text>`;
})}
<line x1="${LABEL_WIDTH}" y1="${LEGEND_HEIGHT}" x2="${LABEL_WIDTH}" y2="${height}" stroke="#1d2330"/>
</svg>`;
}
