// Signing in and out, and the language switch. Locally the sign-in form takes an admin-API token;
// where the admin API authenticates with Cognito, the page offers the Cognito hosted UI instead
// (cognito.ts) and the token form is not shown.
import { h } from '@tessera/core';
import { isLanguage, LANGUAGE_COOKIE } from '@tessera/i18n';
import { setCookie } from '../shared/cookies.ts';
import { csrfField, may, SECTIONS } from './layout.ts';
import { ok, redirect, type ConsoleCall, type ConsoleRoute } from './router.ts';
import { clearSessionCookie, sessionCookie, signInWithToken, signOut } from './session.ts';
import { clearPkceCookie, finishCognitoSignIn, startCognitoSignIn } from './cognito.ts';

/** The first section the person may use: where signing in lands. */
export function homeOf(call: ConsoleCall): string {
  return SECTIONS.find((s) => may(call.signedIn?.session, s.action))?.path ?? '/console';
}

function signInPage(call: ConsoleCall, status = 200, problem?: string) {
  const { t, deps, page } = call;
  const cognito = deps.config.adminAuth.kind === 'cognito';
  const body = cognito
    ? call.cognito
      ? h`<p>${t.t('console.signInCognitoIntro')}</p>${problem ? h`<p class="error" role="alert">${problem}</p>` : ''}<p><a href="/console/login/cognito">${t.t('console.signInCognito')}</a></p>`
      : h`<p role="alert">${t.t('console.cognitoNotConfigured')}</p>`
    : h`<p>${t.t('console.signInIntro')}</p>
<form method="post" action="/console/login">${csrfField(page.csrf)}
<label for="token">${t.t('console.tokenLabel')}</label>
<input type="password" id="token" name="token" autocomplete="current-password" required size="50"${problem ? h` aria-invalid="true" aria-describedby="token-error"` : ''}>
${problem ? h`<p id="token-error" class="error">${problem}</p>` : ''}
<p><button type="submit" class="primary">${t.t('console.signIn')}</button></p>
</form>`;
  return ok(page, t.t('console.signInTitle'), body, status);
}

export const authRoutes: ConsoleRoute[] = [
  {
    method: 'GET',
    path: '',
    async handle(call) {
      if (call.signedIn) return redirect(homeOf(call));
      return signInPage(call);
    },
  },
  {
    method: 'POST',
    path: '/login',
    async handle(call) {
      try {
        const { token } = await signInWithToken(call.deps, call.form.get('token') ?? '');
        return redirect('/console', [sessionCookie(call.event, token)]);
      } catch (error) {
        // A wrong token is answered on the form itself, beside the field.
        if (error instanceof Error && 'status' in error && (error.status === 401 || error.status === 403)) return signInPage(call, error.status, call.t.t('console.tokenRefused'));
        throw error;
      }
    },
  },
  {
    method: 'GET',
    path: '/login/cognito',
    async handle(call) {
      if (!call.cognito) return signInPage(call, 503);
      const { location, cookie } = startCognitoSignIn(call.cognito, call.deps.config.publicBaseUrl, call.event);
      return redirect(location, [cookie]);
    },
  },
  {
    method: 'GET',
    path: '/callback',
    async handle(call) {
      if (!call.cognito) return signInPage(call, 503);
      const { token } = await finishCognitoSignIn(call.deps, call.cognito, call.event, call.query);
      return redirect('/console', [sessionCookie(call.event, token), clearPkceCookie(call.event)]);
    },
  },
  {
    method: 'POST',
    path: '/logout',
    async handle(call) {
      await signOut(call.deps, call.signedIn);
      return redirect('/console', [clearSessionCookie(call.event)]);
    },
  },
  {
    method: 'POST',
    path: '/language',
    async handle(call) {
      const lang = call.form.get('lang');
      const back = call.form.get('back') ?? '/console';
      // Only a console path: the switch must not become an open redirect.
      const target = /^\/console(\/[\w./-]*)?$/.test(back) ? back : '/console';
      const cookies = isLanguage(lang) ? [setCookie(call.event, LANGUAGE_COOKIE, lang, { maxAge: 365 * 86400 })] : [];
      return redirect(target, cookies);
    },
  },
];
