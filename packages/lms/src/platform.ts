// What every LMS platform adapter answers, whatever the platform's own wire format: the events a
// delivery carries, in Tessera's words. The intake pipeline (rules, learner resolution, the events
// log, dedup) works only on these, so adding a platform never touches it.
import type { Clock } from '@tessera/core';

/** What a learner did, as far as a rule can tell. `other` is an event the platform sends that no
 *  rule can use (logged `ignored`, acknowledged, never retried by the platform). */
export type LmsResult =
  { kind: 'completed' } | { kind: 'scored'; score: number; maxScore: number } | { kind: 'passing'; passing: boolean } | { kind: 'submitted' } | { kind: 'other' };

/** One learning event from an LMS. */
export type LmsEvent = {
  /** Stable across redeliveries and re-fires of the same fact; the events log's dedup key. */
  key: string;
  /** The platform's own event name: `course_completed`, `\core\event\course_completed`, ... */
  type: string;
  /** Every identifier a rule's `course` may name (Canvas: the course id and its SIS id). */
  courses: string[];
  learner: { lmsUserId: string; email?: string; name?: string };
  result: LmsResult;
  /** When it happened, by the platform's clock (ISO 8601). */
  occurredAt: string;
};

/** A delivery as it reached `webhookUrl`: the raw body (never re-serialized: signatures are over
 *  these bytes), lower-cased headers, and the secret from the path for platforms that cannot sign. */
export type Delivery = {
  rawBody: string;
  headers: Readonly<Record<string, string | undefined>>;
  pathSecret?: string;
};

/** The settings of a source an adapter reads; the stored source has more (rules, name...). */
export type PlatformSource = {
  id: string;
  kind: string;
  secret?: string;
  previousSecret?: string;
  previousSecretValidUntil?: string;
  /** canvas: where the signing keys of Live Events are published (default Instructure's). */
  jwksUrl?: string;
  /** canvas: the institution's root account (`uuid` of `GET /api/v1/accounts/self`). Instructure
   *  signs every customer's events with the same keys, so a signature alone does not say whose
   *  Canvas sent it; when set, events of any other root account are refused. */
  rootAccountUuid?: string;
  /** canvas: the REST API base and a token that may read user profiles. */
  apiUrl?: string;
  apiToken?: string;
  /** moodle: the web service endpoint (…/webservice/rest/server.php) and its token. */
  wsUrl?: string;
  wsToken?: string;
};

/** What an adapter may reach: the network (a fetch that refuses non-https except to loopback
 *  locally), the clock, and a cache that outlives one delivery (JWKS keys by kid). */
export type PlatformContext = {
  fetch: typeof fetch;
  clock: Clock;
  cache: Map<string, unknown>;
};

export interface PlatformAdapter {
  readonly kind: string;
  /** Authenticates the delivery and reads its events. Throws UnauthorizedError (401) when it is
   *  not from the source, ValidationError (400) for a body that is not the platform's shape, and
   *  the platform's own answers where it specifies them (Caliper: 415, 422). Never returns events
   *  from an unauthenticated delivery. */
  receive(delivery: Delivery, source: PlatformSource, context: PlatformContext): Promise<LmsEvent[]>;
  /** The learner's e-mail and name from the platform's API, when the source has credentials for
   *  it; undefined when it has none or the platform does not know the user. Network faults throw. */
  lookupLearner?(lmsUserId: string, source: PlatformSource, context: PlatformContext): Promise<{ email: string; name?: string } | undefined>;
}
