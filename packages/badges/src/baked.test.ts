import { describe, expect, it } from 'vitest';
import { createBadgePictures } from './baked.ts';
import type { BadgeContent } from './design.ts';

const teamwork: BadgeContent = { achievementName: 'Teamwork', issuerName: 'Demo University', level: 'foundation' };
const research: BadgeContent = { achievementName: 'Research', issuerName: 'Demo University', level: 'advanced' };

describe('badge pictures', () => {
  it('renders one content once per instance; another instance keeps its own', () => {
    const pictures = createBadgePictures();
    const first = pictures.pictureFor(teamwork);
    expect(pictures.pictureFor({ ...teamwork })).toBe(first);
    const other = createBadgePictures().pictureFor(teamwork);
    expect(other).not.toBe(first);
    expect(Buffer.from(other.png).equals(Buffer.from(first.png))).toBe(true);
  });

  it('keeps only as many pictures as it was sized for, the oldest leaving first', () => {
    const pictures = createBadgePictures(1);
    const first = pictures.pictureFor(teamwork);
    pictures.pictureFor(research);
    expect(pictures.pictureFor(teamwork)).not.toBe(first);
  });
});
