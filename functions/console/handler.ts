// The console function: GET/POST /console and /console/{proxy+}, server-rendered pages for QA
// and release managers and admins (docs/CONSOLE.md). The router (router.ts) reads the session,
// checks CSRF and the role a page needs; each page module calls the same cores as the admin API.
import { h } from '@tessera/core';
import { translator } from '@tessera/i18n';
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { html, httpHandler } from '../shared/http.ts';
import { consolePage } from './layout.ts';
import { dispatch } from './router.ts';
import { cognitoSettingsFrom, type CognitoSettings } from './cognito.ts';
import { CONSOLE_ROUTES } from './routes.ts';

/** `cognito`: the hosted UI to sign in with; by default read once from the environment (infra sets it on AWS). */
export const createHandler = (deps: () => Dependencies, cognito: CognitoSettings | undefined = cognitoSettingsFrom(process.env)) =>
  httpHandler(async (event) => dispatch(deps(), event, CONSOLE_ROUTES, cognito), {
    // Only what the router could not render itself (an internal error): a plain page, no detail.
    renderError: (error) => {
      const t = translator('en');
      return html(error.status, consolePage({ t, path: '/console', csrf: '' }, t.t('console.errorOther'), h`<p role="alert">${error.message}</p>`));
    },
  });

export const handler = createHandler(dependencies);
