// The badge page: one static HTML file per credential, `badges/{id}`, what a person opens (the JSON
// beside it is for machines). Everything on it comes from the signed credential, so the page never
// says more than the credential does, plus what the earner chose to show (their name, evidence) and
// the status the issuer set. It is rewritten whenever one of those changes (publishBadgePage).
// Its one script is a same-origin file (BADGE_PAGE_CSP: no inline script), which verifies on open.
import { h, NotFoundError, PRIVATE_BADGE, publicPaths, publicUrl, type CredentialRecord, type Issuer, type PublicSite, type SafeHtml } from '@tessera/core';
import { translator, type Language, type Translator } from '@tessera/i18n';
import type { IssuanceDependencies } from './dependencies.ts';
import { linkedInAddToProfileUrl } from './linkedin.ts';
import { page } from './page.ts';
import { BADGE_SCRIPT } from './badge-script.ts';

export type BadgePageInput = {
  record: CredentialRecord;
  issuer: Pick<Issuer, 'name' | 'language' | 'linkedInOrganizationId'>;
  /** Only when the earner chose to show it (record.visibility.showName). */
  earnerName?: string;
  publicBaseUrl: string;
};

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** The language the issuer publishes in. */
export const issuerLanguage = (issuer: Pick<Issuer, 'language'> | undefined): Language => issuer?.language ?? 'en';

/** The date of the newest change that led to the record's status (revoked, suspended). */
function statusSince(record: CredentialRecord): string | undefined {
  return [...(record.statusHistory ?? [])].reverse().find((change) => change.status === record.status)?.at;
}

export function renderBadgePage(input: BadgePageInput): string {
  const { record, issuer, publicBaseUrl } = input;
  const t = translator(issuerLanguage(issuer));
  const credential = record.credential;
  const subject = isObject(credential.credentialSubject) ? credential.credentialSubject : {};
  const achievement = isObject(subject.achievement) ? subject.achievement : {};
  const credentialIssuer = isObject(credential.issuer) ? credential.issuer : {};
  const name = text(achievement.name) ?? record.achievementId;
  const issuerName = text(credentialIssuer.name) ?? issuer.name;
  const issuedAt = text(credential.validFrom) ?? record.issuedAt;
  const expiresAt = text(credential.validUntil);
  const url = (path: string) => publicUrl(publicBaseUrl, path);
  const pageUrl = url(publicPaths.badgePage(record.id));
  const jsonPath = `/${publicPaths.credential(record.id)}`;
  const pngUrl = url(publicPaths.bakedBadge(record.id, 'png'));
  const description = t.t('badge.description', { name, issuer: issuerName });
  const visibility = record.visibility ?? PRIVATE_BADGE;
  const since = statusSince(record);

  const linkedIn = linkedInAddToProfileUrl({
    name,
    issuer: { name: issuerName, linkedInOrganizationId: issuer.linkedInOrganizationId },
    issuedAt,
    expiresAt,
    badgePageUrl: pageUrl,
    credentialId: record.id,
  });
  const shareFields: { id: string; label: string; value: string }[] = [
    { id: 'share-name', label: t.t('badge.fieldName'), value: name },
    { id: 'share-organization', label: t.t('badge.fieldOrganization'), value: issuerName },
    { id: 'share-issued', label: t.t('badge.fieldIssueDate'), value: t.date(issuedAt) },
    ...(expiresAt ? [{ id: 'share-expires', label: t.t('badge.fieldExpirationDate'), value: t.date(expiresAt) }] : []),
    { id: 'share-id', label: t.t('badge.fieldCredentialId'), value: record.id },
    { id: 'share-url', label: t.t('badge.fieldCredentialUrl'), value: pageUrl },
  ];

  const head = h`<meta name="description" content="${description}">
<meta property="og:type" content="website">
<meta property="og:title" content="${name}">
<meta property="og:description" content="${description}">
<meta property="og:url" content="${pageUrl}">
<meta property="og:image" content="${pngUrl}">
<meta property="og:image:type" content="image/png">
<meta property="og:image:alt" content="${t.t('badge.imageAlt', { name, issuer: issuerName })}">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:title" content="${name}">
<meta name="twitter:description" content="${description}">
<meta name="twitter:image" content="${pngUrl}">
<link rel="canonical" href="${pageUrl}">
<link rel="alternate" type="application/ld+json" href="${jsonPath}">
<script src="/${publicPaths.badgeScript()}" defer></script>
<style>
  .badge-head { display: flex; gap: 1.25rem; align-items: center; flex-wrap: wrap; }
  .badge-head img { width: 160px; height: 160px; }
  .notice { border-left: 4px solid #a11d1d; padding: .5rem 1rem; background: #fdf2f2; }
  #verify-status { font-weight: 600; }
  #verify-status.ok { color: #1f7a3d; } #verify-status.failed { color: #a11d1d; }
  .field { display: flex; gap: .5rem; align-items: end; flex-wrap: wrap; margin-bottom: .5rem; }
  .field label { display: block; font-weight: 600; }
  .field input { font: inherit; padding: .25rem .5rem; min-width: 16rem; border: 1px solid #5b6478; border-radius: 4px; }
  input[type=email] { font: inherit; padding: .25rem .5rem; border: 1px solid #5b6478; border-radius: 4px; }
  a:focus-visible, button:focus-visible, input:focus-visible { outline: 3px solid #1a56db; outline-offset: 2px; }
</style>`;

  const statusNotice =
    record.status === 'REVOKED'
      ? h`<p class="notice">${t.t('badge.statusRevoked', { date: since ? t.date(since) : '' })}</p>`
      : record.status === 'SUSPENDED'
        ? h`<p class="notice">${t.t('badge.statusSuspended', { date: since ? t.date(since) : '' })}</p>`
        : '';
  // The script's words, in the page's language, with {check}/{email}/{field} left for it to fill.
  const statusData = h`data-credential="${jsonPath}" data-verify="/verify" data-checking="${t.t('badge.checking')}" data-verified="${t.t('badge.verified')}" data-not-verified="${t.t('badge.notVerified', { check: '{check}' })}" data-revoked="${since && record.status === 'REVOKED' ? t.t('badge.revoked', { date: t.date(since) }) : t.t('badge.revokedUndated')}" data-suspended="${since && record.status === 'SUSPENDED' ? t.t('badge.suspended', { date: t.date(since) }) : t.t('badge.suspendedUndated')}" data-cannot-check="${t.t('badge.cannotCheck', { reason: '{reason}' })}"`;

  const body = h`<a href="#main" class="muted">${t.t('common.skipToContent')}</a>
<main id="main">
<div class="badge-head">
<img src="/${publicPaths.bakedBadge(record.id, 'png')}" alt="${t.t('badge.imageAlt', { name, issuer: issuerName })}" width="160" height="160">
<div>
<h1>${name}</h1>
<p>${visibility.showName && input.earnerName ? t.t('badge.awardedToName', { name: input.earnerName }) : t.t('badge.awardedTo')}<br>${t.t('badge.issuedBy', { issuer: issuerName })}</p>
</div>
</div>
${statusNotice}
<section aria-labelledby="verification-heading" class="card">
<h2 id="verification-heading">${t.t('badge.verification')}</h2>
<p id="verify-status" role="status" ${statusData}>${t.t('badge.verifyOnOpen')}</p>
<p><a href="/verify?credential=${encodeURIComponent(url(publicPaths.credential(record.id)))}">${t.t('badge.verifyLink')}</a></p>
</section>
${aboutSection(t, achievement)}
${evidenceSection(t, credential, visibility.evidence)}
<section aria-labelledby="issuer-heading">
<h2 id="issuer-heading">${t.t('badge.issuer')}</h2>
<dl>
<dt>${t.t('badge.issuer')}</dt><dd>${text(credentialIssuer.url) ? h`<a href="${text(credentialIssuer.url)}">${issuerName}</a>` : issuerName}</dd>
<dt>${t.t('badge.issuedOn')}</dt><dd>${t.date(issuedAt)}</dd>
<dt>${t.t('badge.expiresOn')}</dt><dd>${expiresAt ? t.date(expiresAt) : t.t('badge.noExpiry')}</dd>
</dl>
</section>
<section aria-labelledby="share-heading" class="card">
<h2 id="share-heading">${t.t('badge.share')}</h2>
<p><a id="linkedin" href="${linkedIn}" rel="noopener noreferrer">${t.t('badge.shareLinkedIn')}</a></p>
<p><button type="button" id="copy-link" data-copy="share-url" data-copied="${t.t('badge.copied', { field: t.t('badge.fieldCredentialUrl') })}" hidden>${t.t('badge.copyLink')}</button></p>
<p>${t.t('badge.shareFieldsIntro')}</p>
${shareFields.map(
  (field) =>
    h`<div class="field"><div><label for="${field.id}">${field.label}</label><input id="${field.id}" type="text" readonly value="${field.value}"></div><button type="button" data-copy="${field.id}" data-copied="${t.t('badge.copied', { field: field.label })}" hidden>${t.t('badge.copy', { field: field.label })}</button></div>`,
)}
<p id="copy-status" role="status" data-failed="${t.t('badge.copyFailed')}"></p>
</section>
<section aria-labelledby="recipient-heading">
<h2 id="recipient-heading">${t.t('badge.recipientCheck')}</h2>
<p>${t.t('badge.recipientIntro')}</p>
<form id="recipient-form" data-yes="${t.t('badge.recipientYes', { email: '{email}' })}" data-no="${t.t('badge.recipientNo', { email: '{email}' })}" hidden>
<label for="recipient-email">${t.t('badge.recipientEmail')}</label>
<input id="recipient-email" name="email" type="email" autocomplete="email" required>
<button type="submit">${t.t('badge.recipientSubmit')}</button>
</form>
<p id="recipient-result" role="status"></p>
<noscript><p>${t.t('badge.recipientNeedsScript')}</p></noscript>
</section>
<section aria-labelledby="downloads-heading">
<h2 id="downloads-heading">${t.t('badge.downloads')}</h2>
<ul>
<li><a href="${jsonPath}" download="${record.id}.json">${t.t('badge.downloadJson')}</a></li>
<li><a href="/${publicPaths.bakedBadge(record.id, 'png')}" download="${record.id}.png">${t.t('badge.downloadPng')}</a></li>
<li><a href="/${publicPaths.bakedBadge(record.id, 'svg')}" download="${record.id}.svg">${t.t('badge.downloadSvg')}</a></li>
</ul>
</section>
</main>
<footer><p class="muted">${t.t('common.poweredBy')}</p></footer>`;
  // Shared by choice: crawlers (LinkedIn's, search engines') may read it.
  return page(name, body, { lang: t.language, head, robots: 'index' });
}

function aboutSection(t: Translator, achievement: Json): SafeHtml {
  const criteria = isObject(achievement.criteria) ? text(achievement.criteria.narrative) : undefined;
  const outcomes = list(achievement.learningOutcomes)
    .map(text)
    .filter((o): o is string => o !== undefined);
  const alignments = list(achievement.alignment).filter(isObject);
  const hours = num(achievement.workloadHours);
  const credits = num(achievement.creditsAvailable);
  const stacksInto = list(achievement.stacksInto)
    .map(text)
    .filter((s): s is string => s !== undefined);
  const facts: [string, SafeHtml | string][] = [];
  const fact = (label: string, value: SafeHtml | string | undefined) => {
    if (value !== undefined) facts.push([label, value]);
  };
  fact(t.t('badge.achievementType'), text(achievement.achievementType));
  fact(t.t('badge.workload'), hours !== undefined ? t.t('badge.workloadHours', { hours }) : undefined);
  fact(t.t('badge.credits'), credits !== undefined ? t.t('badge.creditsEcts', { credits: t.number(credits) }) : undefined);
  fact(t.t('badge.assessment'), [text(achievement.assessmentType), text(achievement.assessmentSupervision)].filter(Boolean).join(', ') || undefined);
  fact(t.t('badge.participation'), text(achievement.participationForm));
  fact(t.t('badge.qualityAssurance'), text(achievement.qualityAssurance));
  fact(t.t('badge.fieldOfStudy'), text(achievement.fieldOfStudy));
  fact(t.t('badge.prerequisites'), text(achievement.prerequisites));
  fact(t.t('badge.inLanguage'), text(achievement.inLanguage));
  if (stacksInto.length) fact(t.t('badge.stacksInto'), h`${stacksInto.map((u, i) => h`${i ? ', ' : ''}<a href="${u}">${u}</a>`)}`);
  return h`<section aria-labelledby="about-heading">
<h2 id="about-heading">${t.t('badge.about')}</h2>
${text(achievement.description) ? h`<p>${text(achievement.description)}</p>` : ''}
${criteria ? h`<h3>${t.t('badge.criteria')}</h3><p>${criteria}</p>` : ''}
${outcomes.length ? h`<h3>${t.t('badge.learningOutcomes')}</h3><ul>${outcomes.map((o) => h`<li>${o}</li>`)}</ul>` : ''}
${
  alignments.length
    ? h`<h3>${t.t('badge.skills')}</h3><ul>${alignments.map((a) => {
        const label = text(a.targetName) ?? text(a.targetUrl) ?? '';
        const framework = text(a.targetFramework);
        const target = text(a.targetUrl);
        return h`<li>${target ? h`<a href="${target}">${label}</a>` : label}${framework ? h` <span class="muted">(${framework}${text(a.targetCode) ? h` ${text(a.targetCode)}` : ''})</span>` : ''}</li>`;
      })}</ul>`
    : ''
}
${facts.length ? h`<h3>${t.t('badge.facts')}</h3><dl>${facts.map(([label, value]) => h`<dt>${label}</dt><dd>${value}</dd>`)}</dl>` : ''}
</section>`;
}

/** Only the items the earner chose; an http(s) evidence id is a link. */
function evidenceSection(t: Translator, credential: Json, shown: readonly number[]): SafeHtml | string {
  const items = list(credential.evidence)
    .map((item, index) => ({ item, index }))
    .filter(({ item, index }) => isObject(item) && shown.includes(index));
  if (!items.length) return '';
  return h`<section aria-labelledby="evidence-heading">
<h2 id="evidence-heading">${t.t('badge.evidence')}</h2>
<ul>${items.map(({ item }) => {
    const e = item as Json;
    const link = text(e.id) && /^https?:\/\//.test(text(e.id)!) ? text(e.id) : undefined;
    const label = text(e.name) ?? link ?? '';
    return h`<li>${link ? h`<a href="${link}" rel="noopener noreferrer">${label}</a>` : h`<strong>${label}</strong>`}${text(e.narrative) ? h`<br>${text(e.narrative)}` : ''}</li>`;
  })}</ul>
</section>`;
}

/** The badge script, published once per public site per process (it changes only with a release of Tessera). */
const scriptsPublished = new WeakMap<PublicSite, Promise<void>>();

export function ensureBadgeScriptPublished(site: PublicSite): Promise<void> {
  let published = scriptsPublished.get(site);
  if (!published) {
    published = site.publish({ path: publicPaths.badgeScript(), body: BADGE_SCRIPT, contentType: 'text/javascript; charset=utf-8', immutable: false });
    // A failed publication is retried by the next page, not remembered.
    published.catch(() => scriptsPublished.delete(site));
    scriptsPublished.set(site, published);
  }
  return published;
}

type BadgePageDeps = Pick<IssuanceDependencies, 'store' | 'publicSite' | 'config'>;

/** (Re)writes the credential's badge page from what is stored now: the credential, its status, the
 *  earner's choices. Called at release, on a status change and on a visibility change. */
export async function publishBadgePage(deps: BadgePageDeps, recordOrId: CredentialRecord | string): Promise<void> {
  const record = typeof recordOrId === 'string' ? await deps.store.credentials.get(recordOrId) : recordOrId;
  if (!record) throw new NotFoundError(`no credential '${String(recordOrId)}'`);
  const issuer = await deps.store.issuers.get(record.issuerId);
  if (!issuer) throw new NotFoundError(`no issuer '${record.issuerId}'`);
  const earnerName = record.visibility?.showName ? (await deps.store.submissions.get(record.submissionId))?.recipient.name : undefined;
  await ensureBadgeScriptPublished(deps.publicSite);
  await deps.publicSite.publish({
    path: publicPaths.badgePage(record.id),
    body: renderBadgePage({ record, issuer, earnerName, publicBaseUrl: deps.config.publicBaseUrl }),
    contentType: 'text/html; charset=utf-8',
    // Rewritten on every change of status or visibility: short-lived at the edge.
    immutable: false,
  });
}
