// /me: the earner's own page. GET /me shows the sign-in form or, signed in, their credentials;
// POST /me (field `email`) mails a sign-in link and always answers the same page; GET /me/{token}
// shows a button (a mail scanner opening the link changes nothing) and POST /me/{token} signs in;
// the signed-in forms (visibility, sign out) need the session's CSRF token, else 403.
// The language: `?lang=` (which sticks in a cookie), else the cookie, else Accept-Language.
import { createHash } from 'node:crypto';
import { ForbiddenError, TesseraError, ValidationError, publicPaths } from '@tessera/core';
import { LANGUAGE_COOKIE, isLanguage, negotiateLanguage, translator, type Language } from '@tessera/i18n';
import * as z from 'zod';
import { clientOf } from '../shared/client-address.ts';
import { readCookies, setCookie } from '../shared/cookies.ts';
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { header, html, httpHandler, rawBody, type HttpRequest, type HttpResponse } from '../shared/http.ts';
import { enforceRateLimit, TooManyRequestsError } from '../shared/rate-limit.ts';
import {
  SESSION_COOKIE,
  assertSignInLink,
  SESSION_LIFETIME_SECONDS,
  chooseVisibility,
  credentialsZip,
  csrfMatches,
  earnerOverview,
  requestSignIn,
  sessionOf,
  signIn,
  signOut,
  type EarnerSession,
} from './earner.ts';
import { confirmSignInPage, earnerPage, messagePage, signInPage } from './page.ts';

const SignInForm = z.object({
  email: z
    .email()
    .max(320)
    .transform((e) => e.trim().toLowerCase()),
});
const LANGUAGE_COOKIE_SECONDS = 365 * 24 * 3600;
const ME = `/${publicPaths.earnerPage()}`;

/** The form's fields; a repeated field (evidence) keeps every value. */
function readForm(event: HttpRequest): URLSearchParams {
  const type = header(event, 'content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) throw new ValidationError('send the form as application/x-www-form-urlencoded');
  return new URLSearchParams(rawBody(event));
}

function languageOf(event: HttpRequest): { language: Language; setCookie?: string } {
  const asked = event.queryStringParameters?.lang;
  if (isLanguage(asked)) return { language: asked, setCookie: setCookie(event, LANGUAGE_COOKIE, asked, { maxAge: LANGUAGE_COOKIE_SECONDS }) };
  return { language: negotiateLanguage(header(event, 'accept-language'), readCookies(event).get(LANGUAGE_COOKIE)) };
}

const redirect = (location: string, cookies: string[] = []): HttpResponse => ({
  statusCode: 303,
  headers: { Location: location, 'Cache-Control': 'no-store' },
  multiValueHeaders: cookies.length ? { 'Set-Cookie': cookies } : undefined,
  body: '',
});

function withCookies(response: HttpResponse, cookies: (string | undefined)[]): HttpResponse {
  const set = cookies.filter((c): c is string => c !== undefined);
  return set.length ? { ...response, multiValueHeaders: { ...response.multiValueHeaders, 'Set-Cookie': set } } : response;
}

async function requireSession(deps: Dependencies, event: HttpRequest, form?: URLSearchParams): Promise<EarnerSession> {
  const session = await sessionOf(deps, readCookies(event).get(SESSION_COOKIE));
  if (!session) throw new ForbiddenError('sign in first: your session has ended');
  if (form && !csrfMatches(session, form.get('csrf') ?? undefined)) throw new ForbiddenError('this form did not come from your page (CSRF token missing or wrong)');
  return session;
}

export const createHandler = (deps: () => Dependencies) =>
  httpHandler(
    async (event) => {
      const d = deps();
      const { language, setCookie: languageCookie } = languageOf(event);
      const route = `${event.httpMethod} ${event.resource}`;
      switch (route) {
        case 'GET /me': {
          const session = await sessionOf(d, readCookies(event).get(SESSION_COOKIE));
          if (!session) return withCookies(html(200, signInPage(language)), [languageCookie]);
          const { credentials, progress } = await earnerOverview(d, session.email);
          const first = credentials[0] && (await d.store.submissions.get(credentials[0].record.submissionId));
          const body = earnerPage(language, { session, earnerName: first?.recipient.name, credentials, progress, saved: event.queryStringParameters?.saved });
          return withCookies(html(200, body), [languageCookie]);
        }
        case 'POST /me': {
          const form = readForm(event);
          const parsed = SignInForm.safeParse({ email: form.get('email') ?? '' });
          if (!parsed.success) return html(400, signInPage(language, { invalid: true }));
          const emailKey = createHash('sha256').update(parsed.data.email).digest('hex');
          enforceRateLimit(d.rateLimits.earnerSignIn, [`client:${clientOf(event, d.config.clientAddress)}`, `email:${emailKey}`], d.clock.now());
          await requestSignIn(d, parsed.data.email, language);
          return html(200, signInPage(language, { sent: true }));
        }
        case 'GET /me/{token}':
          await assertSignInLink(d, event.pathParameters?.token ?? '');
          // Shows only a button: the link stays unused until the earner presses it.
          return html(200, confirmSignInPage(language, event.pathParameters?.token ?? ''), { 'Referrer-Policy': 'no-referrer' });
        case 'POST /me/{token}': {
          const { sessionToken } = await signIn(d, event.pathParameters?.token ?? '');
          return redirect(ME, [setCookie(event, SESSION_COOKIE, sessionToken, { maxAge: SESSION_LIFETIME_SECONDS, path: ME })]);
        }
        case 'POST /me/logout': {
          const session = await requireSession(d, event, readForm(event));
          await signOut(d, session);
          return redirect(ME, [setCookie(event, SESSION_COOKIE, '', { maxAge: 0, path: ME })]);
        }
        case 'POST /me/credentials/{id}/visibility': {
          const form = readForm(event);
          const session = await requireSession(d, event, form);
          const evidence = form.getAll('evidence').map(Number);
          if (evidence.some((i) => !Number.isSafeInteger(i) || i < 0))
            throw new ValidationError('evidence must name items by their position (0, 1, ...)', [{ path: 'evidence', message: 'not a position' }]);
          const id = event.pathParameters?.id ?? '';
          await chooseVisibility(d, session.email, id, { showName: form.get('showName') === 'on', evidence });
          return redirect(`${ME}?saved=${encodeURIComponent(id)}`);
        }
        case 'GET /me/credentials.zip': {
          const session = await requireSession(d, event);
          const zip = await credentialsZip(d, session.email);
          return {
            statusCode: 200,
            headers: { 'Content-Type': 'application/zip', 'Content-Disposition': 'attachment; filename="credentials.zip"', 'Cache-Control': 'no-store' },
            body: zip.toString('base64'),
            isBase64Encoded: true,
          };
        }
      }
      return html(404, messagePage(language, 'common.notFoundTitle', translator(language).t('common.notFound')));
    },
    {
      renderError: (error: TesseraError) => {
        // The language is not known here; pages that fail render in English (the errors say what to do).
        const t = translator('en');
        if (error.status === 404) return html(404, messagePage('en', 'common.notFoundTitle', t.t('common.notFound')));
        if (error.status === 403) return html(403, messagePage('en', 'common.forbiddenTitle', `${t.t('common.forbidden')} (${error.message})`));
        if (error instanceof TooManyRequestsError) {
          return html(429, messagePage('en', 'common.errorTitle', t.t('common.tooManyRequests', { seconds: error.retryAfterSeconds })), {
            'Retry-After': String(error.retryAfterSeconds),
          });
        }
        return html(error.status, messagePage('en', 'common.errorTitle', error.message));
      },
    },
  );

export const handler = createHandler(dependencies);
