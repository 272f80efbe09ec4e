// Renders a badge with @resvg/resvg-js and the Inter font shipped in an npm package (SIL OFL),
// loaded explicitly and never from the system: the same bytes on a laptop, in CI and on Lambda.
import { createRequire } from 'node:module';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { badgeSvg, escapeXml, FONT_FAMILY, type BadgeContent, type MeasureText } from './design.ts';
import { FONT_FILES, FONT_PACKAGE, RESVG_MODULE } from './runtime-files.ts';

type ResvgModule = typeof import('@resvg/resvg-js');

const require = createRequire(import.meta.url);
// Named through variables, loaded on first use: a native addon and font files cannot go into an
// esbuild bundle, so on Lambda they are installed beside it, and a function that never renders
// (or a bundle checked for cold start) does not need them.

let loaded: { Resvg: ResvgModule['Resvg']; options: ResvgRenderOptions } | undefined;

function renderer(): NonNullable<typeof loaded> {
  if (!loaded) {
    try {
      const { Resvg } = require(RESVG_MODULE) as ResvgModule;
      const fontFiles = FONT_FILES.map((file) => require.resolve(`${FONT_PACKAGE}/${file}`));
      loaded = {
        Resvg,
        options: {
          font: { loadSystemFonts: false, fontFiles, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
          textRendering: 1,
          shapeRendering: 2,
          logLevel: 'off',
        },
      };
    } catch (cause) {
      throw new Error(`the badge renderer needs ${RESVG_MODULE} and ${FONT_PACKAGE} installed beside the code`, { cause });
    }
  }
  return loaded;
}

function inkWidth(text: string, weight: number): number {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text x="0" y="100" font-family="${FONT_FAMILY}" font-weight="${weight}" font-size="${REFERENCE_SIZE}">${escapeXml(text)}</text></svg>`;
  const { Resvg, options } = renderer();
  return new Resvg(svg, options).getBBox()?.width ?? 0;
}

const REFERENCE_SIZE = 100;
const advances = new Map<string, number>();

/** A character's advance at the reference size, taken from the renderer itself (between two Hs,
 *  which neither kern nor overhang), once per character and weight per process: a layout then
 *  costs sums, not renders. */
function advance(char: string, weight: number): number {
  const key = `${weight}:${char}`;
  let width = advances.get(key);
  if (width === undefined) {
    width = inkWidth(`H${char}H`, weight) - inkWidth('HH', weight);
    advances.set(key, width);
  }
  return width;
}

/** Text width from per-character advances (kerning ignored: Inter's kerning only tightens). */
export const measureText: MeasureText = (text, style) => {
  const chars = [...text];
  const sum = chars.reduce((total, char) => total + advance(char, style.weight), 0);
  return (sum * style.size) / REFERENCE_SIZE + Math.max(0, chars.length - 1) * (style.letterSpacing ?? 0);
};

export type RenderedBadge = {
  /** The badge as SVG with its text turned into outlines, so it looks the same without the font. */
  svg: string;
  png: Uint8Array;
};

export function renderBadge(content: BadgeContent): RenderedBadge {
  const { Resvg, options } = renderer();
  const resvg = new Resvg(badgeSvg(content, measureText), options);
  const png = new Uint8Array(resvg.render().asPng());
  // Outlines carry no words: the title gives them back to screen readers and search.
  const title = `<title>${escapeXml(`${content.achievementName} · ${content.issuerName}`)}</title>`;
  const svg = resvg.toString().replace(/<svg\b[^>]*>/, (open) => `${open.replace(/^<svg/, '<svg role="img"')}${title}`);
  return { svg, png };
}
