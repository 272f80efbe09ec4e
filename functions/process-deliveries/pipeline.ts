// The processing step of an LMS delivery, after the platform has had its answer: each event is
// matched against its source's rules, its learner resolved, its award submitted, and its outcome
// written to the source's events log. Runs from SQS on AWS and from the in-process queue locally;
// a message may arrive twice (or re-run after a crash), so every step is idempotent.
import {
  AwardRequest,
  TesseraError,
  type DeliveryLogEntry,
  type DeliveryMessage,
  type DeliveryOutcome,
  type KeptLmsEvent,
  type SourceRule,
  type WebhookSource,
} from '@tessera/core';
import type { PlatformAdapter } from '@tessera/lms';
import type { Dependencies } from '../shared/dependencies.ts';
import { submitAward } from '../webhook-intake/intake.ts';

type Adapters = Dependencies['platformAdapters'];

/** How many log entries the message wrote, by outcome. */
export type ProcessedCounts = Partial<Record<DeliveryOutcome, number>>;

/** Where an event sits in the log: which delivery, which of its events. */
type EventPlace = Pick<DeliveryLogEntry, 'sourceId' | 'deliveryId' | 'index' | 'receivedAt'>;

export async function processDeliveryMessage(deps: Dependencies, message: DeliveryMessage): Promise<ProcessedCounts> {
  const source = await deps.store.webhookSources.get(message.sourceId);
  // A source deleted since: nothing to match against (its log stays as it was).
  if (!source) return {};
  const adapters = deps.platformAdapters;
  return message.type === 'delivery' ? processDelivery(deps, source, message, adapters) : replay(deps, source, message, adapters);
}

async function processDelivery(deps: Dependencies, source: WebhookSource, message: Extract<DeliveryMessage, { type: 'delivery' }>, adapters: Adapters): Promise<ProcessedCounts> {
  const kept = await deps.deliveryArchive.read(source.id, message.deliveryId);
  if (!kept) throw new Error(`delivery ${message.deliveryId} of source ${source.id} is not in the archive`);
  const counts: ProcessedCounts = {};
  for (const [index, event] of kept.events.entries()) {
    const place = { sourceId: source.id, deliveryId: kept.deliveryId, index, receivedAt: kept.receivedAt };
    // A re-run (a message delivered twice, a restart) leaves what an earlier run logged.
    if ((await deps.store.deliveries.listEventEntries(place)).length) continue;
    for (const entry of await evaluateEvent(deps, source, adapters[source.kind ?? 'generic'], event, place)) {
      await deps.store.deliveries.putEntry(entry);
      counts[entry.outcome] = (counts[entry.outcome] ?? 0) + 1;
    }
  }
  await deps.store.deliveries.markProcessed(source.id, kept.deliveryId);
  return counts;
}

/** Re-runs the logged events with `outcome` (after a rule, directory or credentials fix); each
 *  entry is rewritten with what the event gives now. */
async function replay(deps: Dependencies, source: WebhookSource, message: Extract<DeliveryMessage, { type: 'replay' }>, adapters: Adapters): Promise<ProcessedCounts> {
  const entries = (await deps.store.deliveries.listEntries(source.id, { from: message.from })).filter((e) => e.outcome === message.outcome && e.event);
  const counts: ProcessedCounts = {};
  const replayedAt = deps.clock.now().toISOString();
  for (const old of entries) {
    // An entry for one rule's achievement re-runs against that rule; "no rule" against them all.
    const fresh = await evaluateEvent(deps, source, adapters[source.kind ?? 'generic'], old.event!, old, old.achievementId);
    for (const entry of fresh) {
      await deps.store.deliveries.putEntry({ ...entry, replayedAt });
      counts[entry.outcome] = (counts[entry.outcome] ?? 0) + 1;
    }
    if (!fresh.some((e) => e.achievementId === old.achievementId)) await deps.store.deliveries.deleteEntry(old);
  }
  return counts;
}

/** Why a rule does not award for this result, or undefined when it does. A passing → not passing
 *  flip is ignored: a credential once issued is never revoked by an LMS. */
export function ruleRefusal(rule: SourceRule, result: KeptLmsEvent['result'], type: string): string | undefined {
  switch (result.kind) {
    case 'completed':
      return undefined;
    case 'scored': {
      if (!(result.maxScore > 0)) return `score ${result.score} of a maximum of ${result.maxScore}: no fraction to compare`;
      const fraction = result.score / result.maxScore;
      if (rule.minScore !== undefined && fraction < rule.minScore) return `below minScore: ${round(fraction)} < ${rule.minScore} (${result.score}/${result.maxScore})`;
      return undefined;
    }
    case 'passing':
      return result.passing ? undefined : 'not passing (a passing → not passing change never revokes)';
    case 'submitted':
      return rule.acceptSubmitted ? undefined : 'submitted, not graded: the rule does not set acceptSubmitted';
    case 'other':
      return `${type} does not say whether the learner met the criteria`;
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** One log entry per rule that names one of the event's courses (limited to `onlyAchievement` on a
 *  replay), or one `ignored` entry when none does. */
async function evaluateEvent(
  deps: Dependencies,
  source: WebhookSource,
  adapter: PlatformAdapter | undefined,
  event: KeptLmsEvent,
  place: EventPlace,
  onlyAchievement?: string,
): Promise<DeliveryLogEntry[]> {
  const base = { ...place, key: event.key, type: event.type, event };
  const rules = (source.rules ?? []).filter((r) => event.courses.includes(r.course) && (onlyAchievement === undefined || r.achievementId === onlyAchievement));
  if (!rules.length) {
    const courses = event.courses.length ? `course ${event.courses.join(' / ')}` : 'the event (it names no course)';
    return [{ ...base, outcome: 'ignored', reason: `no rule for ${courses}${onlyAchievement ? ` and achievement ${onlyAchievement}` : ''}` }];
  }

  let learner: Awaited<ReturnType<typeof resolveLearner>> | undefined;
  const entries: DeliveryLogEntry[] = [];
  for (const rule of rules) {
    const at = { ...base, achievementId: rule.achievementId };
    const refusal = ruleRefusal(rule, event.result, event.type);
    if (refusal) {
      entries.push({ ...at, outcome: 'ignored', reason: refusal });
      continue;
    }
    learner ??= await resolveLearner(deps, source, adapter, event);
    if (!learner.ok) {
      entries.push({ ...at, outcome: 'unresolved', reason: learner.reason });
      continue;
    }
    entries.push({ ...at, ...(await award(deps, source, rule, event, learner.recipient)) });
  }
  return entries;
}

type Resolution = { ok: true; recipient: { email: string; name?: string } } | { ok: false; reason: string };

/** The event's own e-mail; else the platform's API (when the source has credentials for it); else
 *  the source's learner directory; else unresolved, kept for a re-run. */
async function resolveLearner(deps: Dependencies, source: WebhookSource, adapter: PlatformAdapter | undefined, event: KeptLmsEvent): Promise<Resolution> {
  const { lmsUserId, email, name } = event.learner;
  if (email) return { ok: true, recipient: { email, name } };
  let lookupProblem = '';
  if (adapter?.lookupLearner) {
    try {
      const found = await adapter.lookupLearner(lmsUserId, { ...source, kind: source.kind ?? 'generic' }, deps.platform);
      if (found) return { ok: true, recipient: { email: found.email, name: found.name ?? name } };
    } catch (error) {
      lookupProblem = ` (the platform's look-up failed: ${(error as Error).message})`;
    }
  }
  const row = await deps.store.learners.get(source.id, lmsUserId);
  if (row) return { ok: true, recipient: { email: row.email, name: row.name ?? name } };
  return { ok: false, reason: `no e-mail for LMS user ${lmsUserId}${lookupProblem}: add it to the learner directory (POST /admin/sources/${source.id}/learners)` };
}

async function award(
  deps: Dependencies,
  source: WebhookSource,
  rule: SourceRule,
  event: KeptLmsEvent,
  recipient: { email: string; name?: string },
): Promise<Pick<DeliveryLogEntry, 'outcome' | 'reason' | 'submissionId'>> {
  const request = AwardRequest.safeParse({
    // Per achievement: one event may award several (a completion badge and a distinction badge).
    eventId: `${event.key}#${rule.achievementId}`.slice(0, 200),
    achievementId: rule.achievementId,
    recipient: { email: recipient.email, name: recipient.name?.trim() || recipient.email },
    evidence: [{ name: `${event.type} in ${rule.course}`, narrative: evidenceNarrative(source, rule, event) }],
    occurredAt: validInstant(event.occurredAt) ?? deps.clock.now().toISOString(),
  });
  if (!request.success)
    return { outcome: 'unresolved', reason: `the learner's details do not make an award: ${request.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}` };
  try {
    const result = await submitAward(deps, source, request.data);
    if (result.created) return { outcome: 'accepted', submissionId: result.submissionId };
    const reason =
      result.duplicate === 'learner'
        ? `${recipient.email} already has, or awaits, ${rule.achievementId} (submission ${result.submissionId})`
        : `event ${event.key} was already received`;
    return { outcome: 'duplicate', reason, submissionId: result.submissionId };
  } catch (error) {
    // The rule names an achievement that cannot be awarded now (retired, unpublished): a rule to fix, then replay.
    if (error instanceof TesseraError && error.status === 422) return { outcome: 'ignored', reason: error.message };
    throw error;
  }
}

function evidenceNarrative(source: WebhookSource, rule: SourceRule, event: KeptLmsEvent): string {
  const result = event.result;
  const what =
    result.kind === 'scored' ? `scored ${result.score} of ${result.maxScore}` : result.kind === 'passing' ? 'is passing' : result.kind === 'submitted' ? 'submitted' : 'completed';
  return `${source.name ?? source.id}: the learner ${what} in course ${rule.course} (${event.type}, ${event.occurredAt}).`;
}

function validInstant(value: string): string | undefined {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
