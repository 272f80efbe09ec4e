// The badge image: drawn with the bundled font, laid out to fit, told apart by level, baked, and
// the same bytes every time it is rendered from the same credential.
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { bakePng, unbakePng, unbakeSvg } from '@tessera/credentials';
import { bakedBadges, badgeContent } from './baked.ts';
import { badgeSvg } from './design.ts';
import { measureText, renderBadge } from './render.ts';

const content = { achievementName: 'Data Literacy Foundations', issuerName: 'Demo University', level: 'foundation' } as const;
const credentialJson = JSON.stringify(
  {
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: 'did:web:example.edu', name: 'Demo University' },
    credentialSubject: { achievement: { name: 'Data Literacy Foundations' } },
  },
  null,
  2,
);

function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Lines of the achievement name as laid out: the white text of the template. */
function nameLines(svg: string): { size: number; lines: string[] } {
  const text = /<text[^>]*font-size="(\d+)"[^>]*fill="#ffffff"[^>]*>(.*?)<\/text>/.exec(svg)!;
  return { size: Number(text[1]), lines: [...text[2]!.matchAll(/<tspan[^>]*>(.*?)<\/tspan>/g)].map((m) => m[1]!) };
}

describe('renderBadge', () => {
  it('renders a 600 × 600 PNG', () => {
    expect(pngSize(renderBadge(content).png)).toEqual({ width: 600, height: 600 });
  });

  it('draws the text with the bundled font: the SVG carries it as outlines, and says it in a title', () => {
    const { svg } = renderBadge(content);

    expect(svg).not.toContain('<text');
    expect(svg).toContain('<title>Data Literacy Foundations · Demo University</title>');
    // Outlines of 40-odd glyphs: far more path data than the shapes alone.
    expect(svg.length).toBeGreaterThan(renderBadge({ ...content, achievementName: 'X', issuerName: 'Y' }).svg.length + 10_000);
  });

  it('gives each level its own look', () => {
    const pngs = (['foundation', 'intermediate', 'advanced'] as const).map((level) => Buffer.from(renderBadge({ ...content, level }).png).toString('base64'));

    expect(new Set(pngs).size).toBe(3);
  });

  it('renders the same bytes every time', () => {
    expect(Buffer.from(renderBadge(content).png).equals(Buffer.from(renderBadge(content).png))).toBe(true);
  });
});

describe('badgeSvg layout', () => {
  it('escapes names, so markup in them is shown, not obeyed', () => {
    const svg = badgeSvg({ ...content, achievementName: '<b>R&D</b> "Co"', issuerName: "O'Brien <College>" }, measureText);

    expect(svg).toContain('>&lt;b&gt;R&amp;D&lt;/b&gt;</tspan><tspan x="300" y="331.0">&quot;Co&quot;<');
    expect(svg).toContain('O&#39;BRIEN &lt;COLLEGE&gt;');
    expect(() => new Resvg(svg)).not.toThrow();
  });

  it('keeps a short name on one line at the largest size', () => {
    expect(nameLines(badgeSvg({ ...content, achievementName: 'Leadership' }, measureText))).toEqual({ size: 54, lines: ['Leadership'] });
  });

  it('wraps and shrinks a long name so every line fits inside the badge', () => {
    const name = 'Applied Machine Learning for Environmental Sciences and Sustainable Urban Planning';

    const { size, lines } = nameLines(badgeSvg({ ...content, achievementName: name }, measureText));

    expect(size).toBeLessThan(54);
    expect(size).toBeGreaterThanOrEqual(28);
    expect(lines.join(' ')).toBe(name);
    for (const line of lines) expect(measureText(line, { size, weight: 700 })).toBeLessThanOrEqual(410);
    expect(lines.length * size * 1.15).toBeLessThanOrEqual(168);
  });

  it('ends a name too long for the badge with an ellipsis rather than overflowing', () => {
    const { size, lines } = nameLines(badgeSvg({ ...content, achievementName: 'Very long words '.repeat(30) }, measureText));

    expect(size).toBe(28);
    expect(lines.at(-1)!.endsWith('…')).toBe(true);
    for (const line of lines) expect(measureText(line, { size, weight: 700 })).toBeLessThanOrEqual(410);
  });
});

describe('bakedBadges', () => {
  it('bakes the credential text into both images', () => {
    const baked = bakedBadges(credentialJson, undefined);

    expect(unbakePng(baked.png)).toBe(credentialJson);
    expect(unbakeSvg(baked.svg)).toBe(credentialJson);
  });

  it('reads what to show from the credential, with the foundation design by default', () => {
    expect(badgeContent(JSON.parse(credentialJson), undefined)).toEqual(content);
    expect(badgeContent(JSON.parse(credentialJson), { level: 'advanced' }).level).toBe('advanced');
  });
});

describe('bakedBadges', () => {
  const credentialOf = (id: string) =>
    JSON.stringify({ id, issuer: { id: 'did:web:x', name: 'Demo University' }, credentialSubject: { achievement: { name: 'Data Literacy Foundations' } } });

  it('bakes each credential into its own copy of the shared picture', () => {
    const first = bakedBadges(credentialOf('urn:one'), undefined);
    const second = bakedBadges(credentialOf('urn:two'), undefined);

    expect(unbakePng(first.png)).toBe(credentialOf('urn:one'));
    expect(unbakePng(second.png)).toBe(credentialOf('urn:two'));
    expect(unbakeSvg(first.svg)).toBe(credentialOf('urn:one'));
  });

  it('shows the same picture for every earner of one achievement', () => {
    const first = bakedBadges(credentialOf('urn:one'), { level: 'advanced' });
    const second = bakedBadges(credentialOf('urn:two'), { level: 'advanced' });

    expect(Buffer.from(bakePng(first.png, 'x')).equals(Buffer.from(bakePng(second.png, 'x')))).toBe(true);
  });
});
