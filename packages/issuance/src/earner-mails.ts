// The mails an earner gets along the journey, in the issuer's language (the message catalogues'
// `mail` namespace): evidence received and in review, credential issued, and the outcome when a
// review rejects or expires. Each says what happens next; HTML and text say the same thing.
import { h, publicPaths, publicUrl, type Achievement, type Issuer, type Mail, type SafeHtml, type Submission } from '@tessera/core';
import { translator, type Language, type Translator } from '@tessera/i18n';
import { issuerLanguage } from './badge-page.ts';
import { linkedInAddToProfileUrl } from './linkedin.ts';
import { page } from './page.ts';

type EarnerMailIssuer = Pick<Issuer, 'name' | 'language' | 'linkedInOrganizationId' | 'email' | 'url'>;

function mail(t: Translator, to: string, subject: string, heading: string, body: SafeHtml, text: string[], issuer: EarnerMailIssuer): Mail {
  const footer = t.t('mail.footer', { issuer: issuer.name });
  return {
    to,
    subject,
    text: [...text, '', footer].join('\n'),
    html: page(heading, h`<h1>${heading}</h1>\n${body}\n<p class="muted">${footer}</p>`, { lang: t.language }),
  };
}

/** Where a learner asks about a decision: the issuer's address, else its site. */
const contactOf = (issuer: EarnerMailIssuer) => issuer.email ?? issuer.url;

export function credentialIssuedMail(input: {
  submission: Submission;
  achievement: Pick<Achievement, 'name'>;
  issuer: EarnerMailIssuer;
  credential: { id: string; issuedAt: string; expiresAt?: string };
  publicBaseUrl: string;
}): Mail {
  const { submission, achievement, issuer, credential, publicBaseUrl } = input;
  const t = translator(issuerLanguage(issuer));
  const badgePage = publicUrl(publicBaseUrl, publicPaths.badgePage(credential.id));
  const image = publicUrl(publicBaseUrl, publicPaths.bakedBadge(credential.id, 'png'));
  const me = publicUrl(publicBaseUrl, publicPaths.earnerPage());
  const linkedIn = linkedInAddToProfileUrl({
    name: achievement.name,
    issuer,
    issuedAt: credential.issuedAt,
    expiresAt: credential.expiresAt,
    badgePageUrl: badgePage,
    credentialId: credential.id,
  });
  const values = { name: submission.recipient.name, issuer: issuer.name, achievement: achievement.name };
  const heading = t.t('mail.issuedHeading', values);
  const body = h`<p><a href="${badgePage}"><img src="${image}" alt="${t.t('badge.imageAlt', { name: achievement.name, issuer: issuer.name })}" width="160" height="160"></a></p>
<p>${t.t('mail.issuedBody', values)}</p>
<p><a href="${badgePage}">${t.t('mail.issuedBadgePage')}</a></p>
<p><a href="${linkedIn}">${t.t('mail.issuedLinkedIn')}</a></p>
<p><a href="${me}">${t.t('mail.issuedMe')}</a></p>
<p class="muted">${t.t('mail.issuedPrivacy')}</p>`;
  const text = [
    heading,
    '',
    t.t('mail.issuedBody', values),
    '',
    t.t('mail.issuedBadgePageIntro'),
    badgePage,
    '',
    `${t.t('mail.issuedLinkedIn')}:`,
    linkedIn,
    '',
    `${t.t('mail.issuedMe')}:`,
    me,
    '',
    t.t('mail.issuedPrivacy'),
  ];
  return mail(t, submission.recipient.email, t.t('mail.issuedSubject', values), heading, body, text, issuer);
}

/** Sent once, when the evidence goes to review: what happens next, and by when (the review deadline). */
export function evidenceReceivedMail(input: { submission: Submission; achievement: Pick<Achievement, 'name'>; issuer: EarnerMailIssuer; decisionBy: string }): Mail {
  const { submission, achievement, issuer } = input;
  const t = translator(issuerLanguage(issuer));
  const values = { issuer: issuer.name, achievement: achievement.name, date: t.date(input.decisionBy) };
  const heading = t.t('mail.receivedHeading');
  const greeting = t.t('mail.greeting', { name: submission.recipient.name });
  const body = h`<p>${greeting}</p><p>${t.t('mail.receivedBody', values)}</p><p>${t.t('mail.receivedNext', values)}</p>`;
  const text = [greeting, '', t.t('mail.receivedBody', values), '', t.t('mail.receivedNext', values)];
  return mail(t, submission.recipient.email, t.t('mail.receivedSubject', values), heading, body, text, issuer);
}

/** A rejection or an expired review: no credential, why, and what the learner can do. The reviewer's
 *  comment is quoted only where the achievement says so (shareReviewComment). */
export function reviewOutcomeMail(input: {
  outcome: 'REJECTED' | 'EXPIRED';
  submission: Submission;
  achievement: Pick<Achievement, 'name' | 'shareReviewComment'>;
  issuer: EarnerMailIssuer;
}): Mail {
  const { outcome, submission, achievement, issuer } = input;
  const t = translator(issuerLanguage(issuer));
  const values = { issuer: issuer.name, achievement: achievement.name, contact: contactOf(issuer) };
  const greeting = t.t('mail.greeting', { name: submission.recipient.name });
  const rejected = outcome === 'REJECTED';
  const heading = t.t(rejected ? 'mail.rejectedHeading' : 'mail.expiredHeading');
  const explanation = t.t(rejected ? 'mail.rejectedBody' : 'mail.expiredBody', values);
  const next = t.t(rejected ? 'mail.rejectedNext' : 'mail.expiredNext', values);
  const comment = rejected && achievement.shareReviewComment ? submission.review?.comment.trim() : undefined;
  const body = h`<p>${greeting}</p><p>${explanation}</p>${comment ? h`<p>${t.t('mail.rejectedComment')}</p><blockquote>${comment}</blockquote>` : ''}<p>${next}</p>`;
  const text = [greeting, '', explanation, ...(comment ? ['', t.t('mail.rejectedComment'), ...comment.split('\n').map((line) => `> ${line}`)] : []), '', next];
  return mail(t, submission.recipient.email, t.t(rejected ? 'mail.rejectedSubject' : 'mail.expiredSubject', values), heading, body, text, issuer);
}

/** The sign-in link to the earner's own page, in the language they asked in (it is Tessera's page,
 *  not one issuer's). */
export function signInMail(input: { to: string; url: string; expiresAt: string; language: Language }): Mail {
  const t = translator(input.language);
  const heading = t.t('mail.signInSubject');
  const intro = t.t('mail.signInBody', { date: `${t.date(input.expiresAt)} ${input.expiresAt.slice(11, 16)} UTC` });
  const body = h`<p>${intro}</p><p><a href="${input.url}">${input.url}</a></p><p class="muted">${t.t('mail.signInIgnore')}</p>`;
  return {
    to: input.to,
    subject: heading,
    text: [intro, input.url, '', t.t('mail.signInIgnore')].join('\n'),
    html: page(heading, h`<h1>${heading}</h1>\n${body}`, { lang: t.language }),
  };
}
