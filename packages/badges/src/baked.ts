// The published badge images of one credential: rendered from the signed credential itself (so a
// retried release republishes the same bytes) and baked last, since any re-encode would drop it.
import { BadgeDesign, type BadgeLevel } from '@tessera/core';
import { bakePng, bakeSvg } from '@tessera/credentials';
import type { BadgeContent } from './design.ts';
import { renderBadge, type RenderedBadge } from './render.ts';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/** What the badge shows, read from the credential: its achievement's name and its issuer's name. */
export function badgeContent(credential: Json, design: BadgeDesign | undefined): BadgeContent {
  const subject = isObject(credential.credentialSubject) ? credential.credentialSubject : {};
  const achievement = isObject(subject.achievement) ? subject.achievement : {};
  const issuer = isObject(credential.issuer) ? credential.issuer : {};
  const level: BadgeLevel = BadgeDesign.parse(design ?? {}).level;
  return {
    achievementName: text(achievement.name) ?? text(credential.name) ?? 'Achievement',
    issuerName: text(issuer.name) ?? '',
    level,
  };
}

export type BakedBadges = { png: Uint8Array; svg: string };

/** The rendered picture of each badge content. The picture depends on the achievement, the issuer
 *  and the level, never on the earner: every badge of one achievement shares it, so it is rendered
 *  once (rendering costs ~20 ms, baking well under 1 ms). The composition root makes one per
 *  process; rendering is deterministic, so a kept picture is byte-identical to a fresh one. */
export type BadgePictures = { pictureFor(content: BadgeContent): RenderedBadge };

/** Keeps the `size` most recently added pictures. */
export function createBadgePictures(size = 64): BadgePictures {
  const rendered = new Map<string, RenderedBadge>();
  return {
    pictureFor(content) {
      const key = JSON.stringify([content.achievementName, content.issuerName, content.level]);
      let badge = rendered.get(key);
      if (!badge) {
        badge = renderBadge(content);
        if (rendered.size >= size) rendered.delete(rendered.keys().next().value!);
        rendered.set(key, badge);
      }
      return badge;
    },
  };
}

/** Both images with `credentialJson` (the credential text exactly as published) baked in. Without
 *  `pictures` the picture is rendered afresh. */
export function bakedBadges(credentialJson: string, design: BadgeDesign | undefined, pictures: BadgePictures = createBadgePictures(1)): BakedBadges {
  const rendered = pictures.pictureFor(badgeContent(JSON.parse(credentialJson) as Json, design));
  return { png: bakePng(rendered.png, credentialJson), svg: bakeSvg(rendered.svg, credentialJson) };
}
