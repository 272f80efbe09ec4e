// The console from a test's side: admin users to sign in as, the sign-in form driven by keyboard,
// and a signed-in session outside the browser for the posts a browser form would not make.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TestTessera } from './local-tessera.ts';

export async function createUser(tessera: TestTessera, email: string, name: string, roles: string[]): Promise<{ id: string; token: string }> {
  const response = await fetch(`${tessera.url}/admin/users`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tessera.adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, name, roles }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; token: string };
}

/** Presses a key that submits a form and waits for the page it leads to. */
export async function pressAndLoad(page: Page, key: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.keyboard.press(key)]);
}

/** Signs in through the form, by keyboard only: focus the field, type, Enter. */
export async function signIn(tessera: TestTessera, page: Page, token: string): Promise<void> {
  await page.goto(`${tessera.url}/console`);
  await page.getByLabel('Admin token').focus();
  await page.keyboard.type(token);
  await pressAndLoad(page, 'Enter');
}

/** A signed-in session outside the browser: its cookie and the CSRF token its forms carry. */
export async function sessionOf(tessera: TestTessera, token: string): Promise<{ cookie: string; csrf: string }> {
  const form = await fetch(`${tessera.url}/console`);
  const formCookie = /tessera_console_form=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![1]!;
  const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const login = await fetch(`${tessera.url}/console/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `tessera_console_form=${formCookie}` },
    body: new URLSearchParams({ token, csrf }),
  });
  expect(login.status).toBe(303);
  const cookie = /tessera_console=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')![1]!;
  // Any signed-in page carries the session's CSRF token (the language switch's form).
  const page = await fetch(`${tessera.url}${login.headers.get('location') ?? '/console'}`, { headers: { Cookie: `tessera_console=${cookie}` } });
  const signedInCsrf = /name="csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  return { cookie, csrf: signedInCsrf };
}

/** A form post as a signed-in session (no redirect followed). */
export const postForm = (tessera: TestTessera, path: string, cookie: string, fields: Record<string, string>) =>
  fetch(`${tessera.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `tessera_console=${cookie}` },
    body: new URLSearchParams(fields),
  });

/** GETs a console page as a signed-in session. */
export const getPage = (tessera: TestTessera, path: string, cookie: string) => fetch(`${tessera.url}${path}`, { headers: { Cookie: `tessera_console=${cookie}` } });
