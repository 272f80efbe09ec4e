// @tessera/badges: the badge image of an achievement (design, rendering with a bundled font) and
// the baked PNG/SVG published beside each credential.
export * from './baked.ts';
export { badgeSvg, type BadgeContent, type MeasureText, type TextStyle } from './design.ts';
export { measureText, renderBadge, type RenderedBadge } from './render.ts';
