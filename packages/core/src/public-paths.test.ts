import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.ts';
import { DID_DOCUMENT_PATH, PUBLIC_PREFIX, publicPathProblem, publicPathSegments, publicPaths, publicUrl } from './public-paths.ts';

const every = {
  didDocument: publicPaths.didDocument(),
  credential: publicPaths.credential('8d0c4f8e'),
  bakedPng: publicPaths.bakedBadge('8d0c4f8e', 'png'),
  credentialJwt: publicPaths.credentialJwt('8d0c4f8e'),
  achievement: publicPaths.achievement('data literacy/1'),
  achievementImage: publicPaths.achievementImage('data-literacy'),
  review: publicPaths.review('abc'),
  badgePage: publicPaths.badgePage('8d0c4f8e'),
  badgeScript: publicPaths.badgeScript(),
  earnerPage: publicPaths.earnerPage(),
  earnerSignIn: publicPaths.earnerSignIn('tok'),
  statusList: publicPaths.statusList('demo university', 'revocation', 3),
};

describe('public paths', () => {
  it('puts each artefact under its prefix', () => {
    expect(every).toEqual({
      didDocument: DID_DOCUMENT_PATH,
      credential: `${PUBLIC_PREFIX.credentials}8d0c4f8e.json`,
      bakedPng: `${PUBLIC_PREFIX.credentials}8d0c4f8e.png`,
      credentialJwt: `${PUBLIC_PREFIX.credentials}8d0c4f8e.jwt`,
      achievement: `${PUBLIC_PREFIX.achievements}data%20literacy%2F1.json`,
      achievementImage: `${PUBLIC_PREFIX.achievements}data-literacy.svg`,
      review: `${PUBLIC_PREFIX.review}abc`,
      badgePage: `${PUBLIC_PREFIX.badges}8d0c4f8e`,
      badgeScript: `${PUBLIC_PREFIX.assets}badge.js`,
      earnerPage: 'me',
      earnerSignIn: `${PUBLIC_PREFIX.me}tok`,
      statusList: `${PUBLIC_PREFIX.statusLists}demo%20university/revocation/3.json`,
    });
    expect(Object.values(PUBLIC_PREFIX)).toEqual(['credentials/', 'status/', 'achievements/', 'review/', 'badges/', 'me/', 'assets/']);
  });

  it('makes only paths that both public sites accept', () => {
    for (const path of Object.values(every)) expect(publicPathProblem(path)).toBeUndefined();
  });

  it('names what is wrong with a path that could leave the public folder', () => {
    expect(publicPathProblem('credentials/../../etc/passwd')).toBe('has a ".." segment');
    expect(publicPathProblem('/credentials/x.json')).toBe('is absolute (it must not start with /)');
    expect(() => publicPathSegments('status//1.json')).toThrow(ValidationError);
  });

  it('joins a path to the origin with one slash', () => {
    expect(publicUrl('https://badges.example.edu/', every.credential)).toBe('https://badges.example.edu/credentials/8d0c4f8e.json');
  });
});
