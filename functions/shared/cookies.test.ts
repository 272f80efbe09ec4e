import { describe, expect, it } from 'vitest';
import type { HttpRequest } from './http.ts';
import { readCookies, setCookie } from './cookies.ts';

const request = (headers: Record<string, string>) => ({ headers, multiValueHeaders: {} }) as unknown as HttpRequest;

describe('readCookies', () => {
  it('reads every cookie, decoded, whatever the header case', () => {
    const cookies = readCookies(request({ Cookie: 'a=1; lang=fr; s=x%20y' }));
    expect(Object.fromEntries(cookies)).toEqual({ a: '1', lang: 'fr', s: 'x y' });
  });
  it('keeps the first of a repeated name and skips malformed parts', () => {
    expect(Object.fromEntries(readCookies(request({ cookie: 'a=1; a=2; =x; b; c=%E0%A4%A' })))).toEqual({ a: '1' });
  });
  it('is empty without a Cookie header', () => expect(readCookies(request({})).size).toBe(0));
});

describe('setCookie', () => {
  it('is HttpOnly and SameSite=Lax, not Secure over http (localhost)', () => {
    expect(setCookie(request({}), 'session', 'a b')).toBe('session=a%20b; Path=/; SameSite=Lax; HttpOnly');
  });
  it('is Secure over https, with a max age, path and SameSite given', () => {
    expect(setCookie(request({ 'X-Forwarded-Proto': 'https' }), 's', 'v', { maxAge: 3600.7, path: '/console', sameSite: 'Strict' })).toBe(
      's=v; Path=/console; SameSite=Strict; HttpOnly; Secure; Max-Age=3600',
    );
  });
  it('deletes with Max-Age=0 and may leave out HttpOnly', () => {
    expect(setCookie(request({}), 'lang', 'fr', { maxAge: -5, httpOnly: false })).toBe('lang=fr; Path=/; SameSite=Lax; Max-Age=0');
  });
});
