import { describe, expect, it } from 'vitest';
import type { Issuer, Submission } from '@tessera/core';
import { credentialIssuedMail, evidenceReceivedMail, reviewOutcomeMail } from './earner-mails.ts';

const BASE = 'https://badges.uni.example';
const submission: Submission = {
  id: 'sub-1',
  sourceId: 'lms',
  eventId: 'e1',
  achievementId: 'data',
  issuerId: 'uni',
  recipient: { email: 'ada@example.org', name: 'Ada <Learner>' },
  evidence: [],
  occurredAt: '2026-03-01T00:00:00Z',
  receivedAt: '2026-03-01T00:00:00Z',
  status: 'REJECTED',
  review: { decision: 'reject', comment: 'The analysis is missing.\nPlease add it.', decidedBy: 'r@uni.example', decidedAt: '2026-03-02T00:00:00Z' },
  history: [],
};
const issuer = (language?: Issuer['language']): Pick<Issuer, 'name' | 'language' | 'email' | 'url'> => ({
  name: 'Uni',
  url: 'https://uni.example',
  email: 'badges@uni.example',
  language,
});
const credential = { id: 'c0ffee', issuedAt: '2026-03-14T10:00:00Z', expiresAt: '2028-03-14T10:00:00Z' };

describe('the credential-issued mail', () => {
  const issued = (language?: Issuer['language']) =>
    credentialIssuedMail({ submission, achievement: { name: 'Data Literacy' }, issuer: issuer(language), credential, publicBaseUrl: BASE });

  it('shows the badge image and links the badge page (not the JSON), their own page and LinkedIn', () => {
    const mail = issued();
    expect(mail.to).toBe('ada@example.org');
    expect(mail.subject).toBe('You have earned “Data Literacy”');
    expect(mail.html).toContain(`<img src="${BASE}/credentials/c0ffee.png" alt="Badge: Data Literacy, issued by Uni"`);
    expect(mail.html).toContain(`<a href="${BASE}/badges/c0ffee">`);
    expect(mail.html).toContain(`<a href="${BASE}/me">`);
    expect(mail.text).toContain(`${BASE}/badges/c0ffee`);
    expect(mail.text).not.toContain('.json');
    const linkedIn = new URL(/https:\/\/www\.linkedin\.com\/profile\/add\?\S+/.exec(mail.text)![0]);
    expect(linkedIn.searchParams.get('certUrl')).toBe(`${BASE}/badges/c0ffee`);
    expect(linkedIn.searchParams.get('expirationYear')).toBe('2028');
  });

  it('escapes the names in HTML', () => {
    expect(issued().html).toContain('Congratulations, Ada &lt;Learner&gt;!');
  });

  it("is written in the issuer's language", () => {
    const mail = issued('fr');
    expect(mail.subject).toBe('Vous avez obtenu « Data Literacy »');
    expect(mail.html).toContain('<html lang="fr">');
    expect(mail.text).toContain('Uni vous a décerné « Data Literacy ».');
  });
});

describe('the evidence-received mail', () => {
  it('says what happens next and by when, in English and in French', () => {
    const en = evidenceReceivedMail({ submission, achievement: { name: 'Data Literacy' }, issuer: issuer(), decisionBy: '2026-03-08T09:00:00Z' });
    expect(en.subject).toBe('We have received your evidence for “Data Literacy”');
    expect(en.text).toContain('you will hear from us by March 8, 2026');
    const fr = evidenceReceivedMail({ submission, achievement: { name: 'Data Literacy' }, issuer: issuer('fr'), decisionBy: '2026-03-08T09:00:00Z' });
    expect(fr.text).toContain('d’ici le 8 mars 2026');
  });
});

describe('the review outcome mail', () => {
  it("quotes the reviewer's comment only where the achievement shares it", () => {
    const shared = reviewOutcomeMail({ outcome: 'REJECTED', submission, achievement: { name: 'Data Literacy', shareReviewComment: true }, issuer: issuer() });
    expect(shared.text).toContain('> The analysis is missing.\n> Please add it.');
    expect(shared.html).toContain('<blockquote>');
    const kept = reviewOutcomeMail({ outcome: 'REJECTED', submission, achievement: { name: 'Data Literacy' }, issuer: issuer() });
    expect(kept.text).not.toContain('analysis is missing');
    expect(kept.text).toContain('What you can do: improve your work and submit it again through your course, or contact Uni (badges@uni.example)');
  });

  it('on expiry, says it was not reviewed in time and what to do, in French too', () => {
    const en = reviewOutcomeMail({ outcome: 'EXPIRED', submission, achievement: { name: 'Data Literacy', shareReviewComment: true }, issuer: issuer() });
    expect(en.subject).toBe('Your submission for “Data Literacy” could not be reviewed in time');
    expect(en.text).not.toContain('analysis is missing');
    const fr = reviewOutcomeMail({ outcome: 'EXPIRED', submission, achievement: { name: 'Data Literacy' }, issuer: issuer('fr') });
    expect(fr.subject).toBe('Votre demande pour « Data Literacy » n’a pas pu être examinée à temps');
    expect(fr.text).toContain('Ce que vous pouvez faire');
  });
});
