// A fake LMS for tests: a real HTTP server on 127.0.0.1 that answers like the parts of Canvas and
// Moodle Tessera calls (Canvas's user profile API with its bearer token, Moodle's REST web service
// with core_user_get_users_by_field) and publishes a JWKS the way Instructure does for Live Events.
// It also signs Live Events with real RSA keys, so tests exercise the real verification.
import { generateKeyPairSync, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardPlatformFetch } from '../../packages/lms/src/fetch-guard.ts';
import type { PlatformContext } from '../../packages/lms/src/platform.ts';

/** A fixture of test/fixtures/lms as text (`canvas/course_completed.json`). */
export const lmsFixture = (path: string): string => readFileSync(new URL(`../fixtures/lms/${path}`, import.meta.url), 'utf8');
/** A fixture parsed, to be varied by a test before it is sent. */
export const lmsFixtureJson = <T = Record<string, any>>(path: string): T => JSON.parse(lmsFixture(path)) as T; // eslint-disable-line @typescript-eslint/no-explicit-any

/** An adapter context as the local stack builds it (loopback http allowed), with a clock a test moves. */
export function testPlatformContext(start = new Date('2026-11-21T12:00:00.000Z')): PlatformContext & { advance(ms: number): void } {
  let now = start.getTime();
  return {
    fetch: guardPlatformFetch(fetch, { allowLoopbackHttp: true }),
    clock: { now: () => new Date(now) },
    cache: new Map(),
    advance(ms) {
      now += ms;
    },
  };
}

export type SigningKey = { kid: string; privateKey: KeyObject; publicJwk: JsonWebKey };

/** A fresh RSA key pair (2048 bits, as Instructure's) under `kid`. */
export function generateSigningKey(kid: string, modulusLength = 2048): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength });
  return { kid, privateKey, publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact RS256 JWS of `claims`, as Canvas posts a Live Event with "Sign Payload" on. */
export function signCanvasEvent(claims: unknown, key: Pick<SigningKey, 'kid' | 'privateKey'>, header: Record<string, unknown> = {}): string {
  const signingInput = `${b64url({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header })}.${b64url(claims)}`;
  return `${signingInput}.${sign('RSA-SHA256', Buffer.from(signingInput), key.privateKey).toString('base64url')}`;
}

export type CanvasProfile = { name: string; primary_email?: string; login_id?: string };
export type MoodleUser = { firstname: string; lastname: string; email: string };

export type FakeLmsOptions = {
  canvas?: { token: string; users: Record<string, CanvasProfile> };
  moodle?: { token: string; users: Record<string, MoodleUser> };
  keys?: SigningKey[];
};

export type FakeLms = {
  /** http://127.0.0.1:<port>: the Canvas API base and the Moodle site root. */
  url: string;
  jwksUrl: string;
  moodleWsUrl: string;
  /** Every request's method and path (no query: it carries Moodle's token), in order. */
  requests: string[];
  /** Replaces the published keys (a rotation). */
  publishKeys(keys: SigningKey[]): void;
  /** Makes the JWKS endpoint answer this status (500: an outage) until set back to 200. */
  setJwksStatus(status: number): void;
  close(): Promise<void>;
};

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

async function formBody(request: IncomingMessage): Promise<URLSearchParams> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return new URLSearchParams(text);
}

export async function startFakeLms(options: FakeLmsOptions = {}): Promise<FakeLms> {
  let keys = options.keys ?? [];
  let jwksStatus = 200;
  const requests: string[] = [];

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(`${request.method} ${url.pathname}`);
    void handle(request, response, url).catch((error: unknown) => send(response, 500, { error: String(error) }));
  });

  async function handle(request: IncomingMessage, response: ServerResponse, url: URL) {
    if (request.method === 'GET' && url.pathname === '/jwks') {
      if (jwksStatus !== 200) return send(response, jwksStatus, { message: 'Internal server error' });
      return send(response, 200, { keys: keys.map((k) => k.publicJwk) });
    }
    // An LMS that accepts the connection and never answers.
    if (url.pathname === '/hang') return;
    if (request.method === 'GET' && url.pathname === '/redirect-to-jwks') {
      response.writeHead(302, { Location: '/jwks' });
      return response.end();
    }

    const profile = /^\/api\/v1\/users\/([^/]+)\/profile$/.exec(url.pathname);
    if (request.method === 'GET' && profile && options.canvas) {
      // Canvas: a missing or wrong token is 401 with this body; an unknown user 404.
      if (request.headers.authorization !== `Bearer ${options.canvas.token}`) {
        return send(response, 401, { errors: [{ message: 'Invalid access token.' }] }, { 'WWW-Authenticate': 'Bearer realm="canvas-lms"' });
      }
      const id = decodeURIComponent(profile[1] ?? '');
      const user = options.canvas.users[id];
      if (!user) return send(response, 404, { errors: [{ message: 'The specified resource does not exist.' }] });
      return send(response, 200, { id: Number(id), short_name: user.name, sortable_name: user.name, avatar_url: null, locale: null, ...user });
    }

    if (url.pathname === '/webservice/rest/server.php' && options.moodle) {
      // Moodle answers errors with HTTP 200 and an exception object; parameters come as query or form.
      const params = request.method === 'POST' ? await formBody(request) : url.searchParams;
      if (params.get('wstoken') !== options.moodle.token) {
        return send(response, 200, { exception: 'moodle_exception', errorcode: 'invalidtoken', message: 'Invalid token - token not found' });
      }
      if (params.get('wsfunction') !== 'core_user_get_users_by_field' || params.get('moodlewsrestformat') !== 'json') {
        return send(response, 200, {
          exception: 'dml_missing_record_exception',
          errorcode: 'invalidrecord',
          message: 'Cannot find data record in database table external_functions.',
        });
      }
      if (params.get('field') !== 'id') return send(response, 200, []);
      const found = [...params.entries()]
        .filter(([name]) => /^values\[\d+\]$/.test(name))
        .flatMap(([, id]) => {
          const user = options.moodle?.users[id];
          return user ? [{ id: Number(id), username: user.email.split('@')[0], fullname: `${user.firstname} ${user.lastname}`, ...user }] : [];
        });
      return send(response, 200, found);
    }
    return send(response, 404, { errors: [{ message: 'not found' }] });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    jwksUrl: `${url}/jwks`,
    moodleWsUrl: `${url}/webservice/rest/server.php`,
    requests,
    publishKeys(next) {
      keys = next;
    },
    setJwksStatus(status) {
      jwksStatus = status;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
