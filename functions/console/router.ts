// The console's request plumbing: which page a request is for, who is asking (the session), in
// which language, the form it posted (its CSRF token checked before anything runs), and the
// permission a page needs (the admin API's table: a page a role may not use answers 403).
import { assertAllowed, authorize, type Action } from '@tessera/catalogue';
import { h, TesseraError, ValidationError } from '@tessera/core';
import { LANGUAGE_COOKIE, negotiateLanguage, translator, type Translator } from '@tessera/i18n';
import type { Dependencies } from '../shared/dependencies.ts';
import { readCookies } from '../shared/cookies.ts';
import { header, html, rawBody, type HttpRequest, type HttpResponse } from '../shared/http.ts';
import { consolePage, type PageContext } from './layout.ts';
import { assertCsrf, currentSession, formToken, type SignedIn } from './session.ts';
import type { CognitoSettings } from './cognito.ts';

/** One console request, parsed. */
export type ConsoleCall = {
  deps: Dependencies;
  event: HttpRequest;
  /** The path below /console ('' for /console itself), e.g. '/reviews/abc'. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The posted form (empty on GET). */
  form: URLSearchParams;
  t: Translator;
  signedIn?: SignedIn;
  /** The layout's context for this request. */
  page: PageContext;
  /** Set-Cookie values the response must carry (a new pre-sign-in form token). */
  cookies: string[];
  /** The Cognito hosted UI this deployment signs in with (AWS), if configured. */
  cognito?: CognitoSettings;
};

export type SignedInCall = ConsoleCall & { signedIn: SignedIn };

/** A page whose route names an action: the router has already checked the session. */
export const signedIn =
  (handle: (call: SignedInCall) => Promise<HttpResponse>): ConsoleRoute['handle'] =>
  (call) =>
    handle(call as SignedInCall);

export type ConsoleRoute = {
  method: 'GET' | 'POST';
  /** The path below /console, with {name} parameters. */
  path: string;
  /** What the page does in the admin API's permission table; absent: open without a session. */
  action?: Action;
  handle(call: ConsoleCall): Promise<HttpResponse>;
};

/** The path below /console: API Gateway hands the rest as the {proxy+} parameter (the local gateway too). */
export function consolePath(event: HttpRequest): string {
  const proxy = event.pathParameters?.proxy;
  return proxy ? `/${proxy.replace(/^\/+/, '')}` : '';
}

function match(route: ConsoleRoute, method: string, path: string): Record<string, string> | undefined {
  if (route.method !== method) return undefined;
  const names: string[] = [];
  const pattern = new RegExp(`^${route.path.replace(/\{(\w+)\}/g, (_, name: string) => (names.push(name), '([^/]+)'))}$`);
  const m = pattern.exec(path);
  return m ? Object.fromEntries(names.map((n, i) => [n, m[i + 1]!])) : undefined;
}

function readForm(event: HttpRequest): URLSearchParams {
  if (event.httpMethod !== 'POST') return new URLSearchParams();
  const type = (header(event, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw new ValidationError('the console takes forms (application/x-www-form-urlencoded)');
  return new URLSearchParams(rawBody(event));
}

export async function dispatch(deps: Dependencies, event: HttpRequest, routes: readonly ConsoleRoute[], cognito?: CognitoSettings): Promise<HttpResponse> {
  const path = consolePath(event);
  const t = translator(negotiateLanguage(header(event, 'accept-language'), readCookies(event).get(LANGUAGE_COOKIE)));
  const signedIn = await currentSession(deps, event);
  const cookies: string[] = [];
  let csrf: string;
  if (signedIn) csrf = signedIn.csrf;
  else {
    const form = formToken(event);
    csrf = form.token;
    if (form.cookie) cookies.push(form.cookie);
  }
  const page: PageContext = { t, path: `/console${path}`, csrf, session: signedIn?.session };
  try {
    let found: { route: ConsoleRoute; params: Record<string, string> } | undefined;
    for (const route of routes) {
      const params = match(route, event.httpMethod, path);
      if (params) {
        // The proxy path arrives decoded (API Gateway and the local gateway alike): no second decoding.
        found = { route, params };
        break;
      }
    }
    if (!found) return withCookies(errorPage(page, 404, t.t('console.notFound')), cookies);
    const form = readForm(event);
    // A POST proves it came from our own form before anything else is looked at.
    if (event.httpMethod === 'POST') assertCsrf(csrf, form.get('csrf') ?? undefined);
    const call: ConsoleCall = {
      deps,
      event,
      path,
      params: found.params,
      query: new URLSearchParams(Object.entries(event.queryStringParameters ?? {}).filter((e): e is [string, string] => e[1] !== undefined)),
      form,
      t,
      signedIn,
      page,
      cookies,
      cognito,
    };
    if (found.route.action) {
      if (!signedIn) return withCookies(redirect('/console'), cookies);
      assertAllowed(authorize(signedIn.session.roles, found.route.action));
    }
    return withCookies(await found.route.handle(call), cookies);
  } catch (error) {
    if (error instanceof TesseraError && error.status < 500) return withCookies(errorPage(page, error.status, error.message), cookies);
    throw error;
  }
}

const ERROR_TITLES: Record<number, Parameters<Translator['t']>[0]> = {
  400: 'console.error400',
  401: 'console.error401',
  403: 'console.error403',
  404: 'console.error404',
  409: 'console.error409',
  410: 'console.error410',
  422: 'console.error422',
};

export function errorPage(page: PageContext, status: number, message: string): HttpResponse {
  const title = page.t.t(ERROR_TITLES[status] ?? 'console.errorOther');
  return html(status, consolePage(page, title, h`<p role="alert">${message}</p><p><a href="/console">${page.t.t('console.backHome')}</a></p>`));
}

/** After a POST: see the result with a GET (303), so a reload does not post again. */
export const redirect = (location: string, cookies: string[] = []): HttpResponse =>
  withCookies({ statusCode: 303, headers: { Location: location, 'Cache-Control': 'no-store' }, body: '' }, cookies);

export function withCookies(response: HttpResponse, cookies: string[]): HttpResponse {
  if (cookies.length === 0) return response;
  const existing = response.multiValueHeaders?.['Set-Cookie'] ?? [];
  return { ...response, multiValueHeaders: { ...response.multiValueHeaders, 'Set-Cookie': [...existing, ...cookies] } };
}

export const ok = (page: PageContext, title: string, body: Parameters<typeof consolePage>[2], status = 200) => html(status, consolePage(page, title, body));
