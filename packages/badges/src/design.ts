// The badge's look: an SVG template whose shape and colours come from the achievement's level,
// with the achievement's and the issuer's names laid out to fit. Text is measured with the
// bundled font (see font.ts), so long names wrap, then shrink, and never leave the badge.
import { escapeHtml, type BadgeLevel } from '@tessera/core';

export type BadgeContent = { achievementName: string; issuerName: string; level: BadgeLevel };

export type TextStyle = { size: number; weight: 400 | 600 | 700; letterSpacing?: number };
/** The width in px of `text` set in `style`, in the font the badge renders with. */
export type MeasureText = (text: string, style: TextStyle) => number;

type Look = { label: string; stars: number; shape: string; inner: string; top: string; bottom: string; accent: string; ink: string };

const SIZE = 600;
const C = SIZE / 2;
export const FONT_FAMILY = 'Inter';

function polygon(points: number, radius: (i: number) => number, rotation = -Math.PI / 2): string {
  const coords = Array.from({ length: points }, (_, i) => {
    const angle = rotation + (i * 2 * Math.PI) / points;
    return `${(C + radius(i) * Math.cos(angle)).toFixed(2)},${(C + radius(i) * Math.sin(angle)).toFixed(2)}`;
  });
  return `<polygon points="${coords.join(' ')}"`;
}

// Round medal, hexagon, rosette seal: told apart at a glance and in greyscale, not by colour alone.
const LOOKS: Record<BadgeLevel, Look> = {
  foundation: {
    label: 'Foundation',
    stars: 1,
    shape: `<circle cx="${C}" cy="${C}" r="290"`,
    inner: `<circle cx="${C}" cy="${C}" r="262"`,
    top: '#17806f',
    bottom: '#0b4a42',
    accent: '#9fe0d2',
    ink: '#0b4a42',
  },
  intermediate: {
    label: 'Intermediate',
    stars: 2,
    shape: polygon(6, () => 298),
    inner: polygon(6, () => 268),
    top: '#2461a8',
    bottom: '#112f57',
    accent: '#b7d3f5',
    ink: '#112f57',
  },
  advanced: {
    label: 'Advanced',
    stars: 3,
    shape: polygon(36, (i) => (i % 2 === 0 ? 296 : 278)),
    inner: `<circle cx="${C}" cy="${C}" r="254"`,
    top: '#8e2747',
    bottom: '#4a0f24',
    accent: '#ecc978',
    ink: '#4a0f24',
  },
};

/** XML text content: characters XML forbids dropped, then markup escaped by the one escaper. */
export function escapeXml(text: string): string {
  return escapeHtml(text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ''));
}

/** Greedy word wrap at `maxWidth`; a word wider than a line is split by characters. */
export function wrap(text: string, style: TextStyle, maxWidth: number, measure: MeasureText): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (measure(candidate, style) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    while (measure(line, style) > maxWidth && line.length > 1) {
      let cut = line.length - 1;
      while (cut > 1 && measure(`${line.slice(0, cut)}-`, style) > maxWidth) cut--;
      lines.push(`${line.slice(0, cut)}-`);
      line = line.slice(cut);
    }
  }
  if (line) lines.push(line);
  return lines;
}

type Fitted = { lines: string[]; style: TextStyle };

/** The largest size (from `sizes`) at which the text wraps into at most `maxLines`; at the smallest
 *  size, the lines past `maxLines` are cut and the last one ends in an ellipsis. */
export function fit(text: string, base: Omit<TextStyle, 'size'>, sizes: number[], maxWidth: number, maxLines: (size: number) => number, measure: MeasureText): Fitted {
  for (const size of sizes) {
    const style = { ...base, size };
    const lines = wrap(text, style, maxWidth, measure);
    if (lines.length <= maxLines(size)) return { lines, style };
  }
  const style = { ...base, size: sizes.at(-1)! };
  const lines = wrap(text, style, maxWidth, measure).slice(0, maxLines(style.size));
  let last = lines.at(-1)!;
  while (last.length > 1 && measure(`${last}…`, style) > maxWidth) last = last.slice(0, -1).trimEnd();
  lines[lines.length - 1] = `${last}…`;
  return { lines, style };
}

function textBlock({ lines, style }: Fitted, centreY: number, lineHeight: number, fill: string): string {
  const top = centreY - ((lines.length - 1) * style.size * lineHeight) / 2;
  const spacing = style.letterSpacing ? ` letter-spacing="${style.letterSpacing}"` : '';
  const tspans = lines.map((line, i) => `<tspan x="${C}" y="${(top + i * style.size * lineHeight).toFixed(1)}">${escapeXml(line)}</tspan>`).join('');
  return `<text font-family="${FONT_FAMILY}" font-weight="${style.weight}" font-size="${style.size}"${spacing} fill="${fill}" text-anchor="middle" dominant-baseline="central">${tspans}</text>`;
}

function star(cx: number, cy: number, r: number, fill: string): string {
  const points = Array.from({ length: 10 }, (_, i) => {
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    const radius = i % 2 === 0 ? r : r * 0.45;
    return `${(cx + radius * Math.cos(angle)).toFixed(2)},${(cy + radius * Math.sin(angle)).toFixed(2)}`;
  });
  return `<polygon points="${points.join(' ')}" fill="${fill}"/>`;
}

/** The badge as an SVG document (600 × 600) with live text in the bundled font's family. */
export function badgeSvg(content: BadgeContent, measure: MeasureText): string {
  const look = LOOKS[content.level];
  const issuer = fit(content.issuerName.toUpperCase(), { weight: 600, letterSpacing: 2.5 }, [24, 22, 20, 18, 16], 380, (size) => (size > 20 ? 1 : 2), measure);
  const name = fit(content.achievementName, { weight: 700 }, [54, 50, 46, 42, 38, 34, 31, 28], 410, (size) => Math.floor(168 / (size * 1.15)), measure);
  const label = look.label.toUpperCase();
  const labelStyle: TextStyle = { size: 19, weight: 700, letterSpacing: 3 };
  const pillWidth = Math.ceil(measure(label, labelStyle)) + 56;
  const stars = Array.from({ length: look.stars }, (_, i) => star(C + (i - (look.stars - 1) / 2) * 34, 485, 13, look.accent)).join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">`,
    `<defs><linearGradient id="face" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${look.top}"/><stop offset="1" stop-color="${look.bottom}"/></linearGradient></defs>`,
    `${look.shape} fill="url(#face)"/>`,
    `${look.inner} fill="none" stroke="${look.accent}" stroke-width="4" stroke-opacity="0.9"/>`,
    textBlock(issuer, issuer.lines.length > 1 ? 150 : 160, 1.25, look.accent),
    `<rect x="${C - 40}" y="196" width="80" height="3" rx="1.5" fill="${look.accent}"/>`,
    textBlock(name, 300, 1.15, '#ffffff'),
    `<rect x="${C - pillWidth / 2}" y="398" width="${pillWidth}" height="44" rx="22" fill="${look.accent}"/>`,
    textBlock({ lines: [label], style: labelStyle }, 421, 1, look.ink),
    stars,
    '</svg>',
  ].join('');
}
