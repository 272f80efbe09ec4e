import { describe, expect, it } from 'vitest';
import type { CredentialRecord } from '@tessera/core';
import { renderBadgePage } from './badge-page.ts';
import { linkedInAddToProfileUrl } from './linkedin.ts';

const BASE = 'https://badges.uni.example';
const ID = '7f9c2a4e-1111-4222-8333-944455556666';

function record(overrides: Partial<CredentialRecord> = {}): CredentialRecord {
  return {
    id: ID,
    submissionId: 'sub-1',
    issuerId: 'uni',
    achievementId: 'data',
    recipientHash: 'sha256$00',
    url: `${BASE}/credentials/${ID}.json`,
    issuedAt: '2026-03-14T10:00:00Z',
    status: 'ACTIVE',
    credential: {
      id: `${BASE}/credentials/${ID}.json`,
      validFrom: '2026-03-14T10:00:00Z',
      validUntil: '2028-03-14T10:00:00Z',
      issuer: { id: 'did:web:badges.uni.example', name: 'Uni <Example>', url: 'https://uni.example' },
      credentialSubject: {
        achievement: {
          name: 'Data Literacy',
          description: 'Reads & charts data.',
          criteria: { narrative: 'Passed the final assessment.' },
          alignment: [{ targetName: 'Data literacy', targetUrl: 'https://digcomp.example/1.1', targetFramework: 'DigComp 2.2', targetCode: '1.1' }],
          learningOutcomes: ['Reads a chart'],
          workloadHours: 1,
          creditsAvailable: 2.5,
          participationForm: 'online',
        },
      },
      evidence: [
        { type: ['Evidence'], id: 'https://lms.example/a/1', name: 'Final assessment', narrative: 'Scored 86%.' },
        { type: ['Evidence'], name: 'Reflection', narrative: 'Private thoughts.' },
      ],
    },
    ...overrides,
  };
}

const render = (overrides: Partial<CredentialRecord> = {}, issuer: Parameters<typeof renderBadgePage>[0]['issuer'] = { name: 'Uni' }, earnerName?: string) =>
  renderBadgePage({ record: record(overrides), issuer, earnerName, publicBaseUrl: BASE });

describe('the badge page', () => {
  it('names no one by default, even when handed a name the earner did not choose to show', () => {
    const html = render({}, { name: 'Uni' }, 'Ada Learner');
    expect(html).toContain('Awarded to a verified earner');
    expect(html).not.toContain('Ada Learner');
  });

  it("shows the earner's name and only the evidence they chose", () => {
    const html = render({ visibility: { showName: true, evidence: [0] } }, { name: 'Uni' }, 'Ada Learner');
    expect(html).toContain('Awarded to Ada Learner');
    expect(html).toContain('<a href="https://lms.example/a/1" rel="noopener noreferrer">Final assessment</a>');
    expect(html).not.toContain('Private thoughts.');
  });

  it('escapes what the credential says', () => {
    expect(render()).toContain('Uni &lt;Example&gt;');
    expect(render()).not.toContain('Uni <Example>');
  });

  it('shows the achievement: criteria, skills with links, micro-credential facts, dates', () => {
    const html = render();
    expect(html).toContain('Passed the final assessment.');
    expect(html).toContain('<a href="https://digcomp.example/1.1">Data literacy</a> <span class="muted">(DigComp 2.2 1.1)</span>');
    expect(html).toContain('<dt>Workload</dt><dd>1 hour</dd>');
    expect(html).toContain('<dt>Credits</dt><dd>2.5 ECTS</dd>');
    expect(html).toContain('<dt>Expires on</dt><dd>March 14, 2028</dd>');
  });

  it('carries sharing tags with absolute URLs, the image as PNG (never SVG)', () => {
    const html = render();
    expect(html).toContain(`<meta property="og:image" content="${BASE}/credentials/${ID}.png">`);
    expect(html).toContain(`<meta property="og:url" content="${BASE}/badges/${ID}">`);
    expect(html).toContain('<meta property="og:title" content="Data Literacy">');
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image">');
    expect(html).not.toMatch(/og:image" content="[^"]*\.svg/);
  });

  it('loads only its own-origin script, never an inline one', () => {
    const html = render();
    expect(html).toContain('<script src="/assets/badge.js" defer></script>');
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it('links to the verify page with this credential, for readers without JavaScript', () => {
    expect(render()).toContain(`href="/verify?credential=${encodeURIComponent(`${BASE}/credentials/${ID}.json`)}"`);
  });

  it('says, with the date, that the credential was revoked', () => {
    const html = render({ status: 'REVOKED', statusHistory: [{ action: 'revoke', status: 'REVOKED', reason: 'fraud', by: 'admin', at: '2026-05-02T08:00:00Z' }] });
    expect(html).toContain('The issuer revoked this credential on May 2, 2026.');
    expect(html).toContain('data-revoked="Revoked on May 2, 2026"');
    expect(html).not.toContain('fraud');
  });

  it("is written in the issuer's language", () => {
    const html = render({}, { name: 'Uni', language: 'fr' });
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Décerné à une personne vérifiée');
    expect(html).toContain('<dt>Expire le</dt><dd>14 mars 2028</dd>');
  });
});

describe('the LinkedIn add-to-profile link', () => {
  const params = (issuer: { name: string; linkedInOrganizationId?: string }, expiresAt?: string) =>
    Object.fromEntries(
      new URL(linkedInAddToProfileUrl({ name: 'Data Literacy', issuer, issuedAt: '2026-03-14T10:00:00Z', expiresAt, badgePageUrl: `${BASE}/badges/${ID}`, credentialId: ID }))
        .searchParams,
    );

  it('names the organization by id when the issuer has one, with the expiry', () => {
    expect(params({ name: 'Uni', linkedInOrganizationId: '1337' }, '2028-01-31T00:00:00Z')).toEqual({
      startTask: 'CERTIFICATION_NAME',
      name: 'Data Literacy',
      organizationId: '1337',
      issueYear: '2026',
      issueMonth: '3',
      expirationYear: '2028',
      expirationMonth: '1',
      certUrl: `${BASE}/badges/${ID}`,
      certId: ID,
    });
  });

  it('names it by name otherwise, and leaves out an expiry it does not have', () => {
    const p = params({ name: 'Uni' });
    expect(p.organizationName).toBe('Uni');
    expect(p).not.toHaveProperty('organizationId');
    expect(p).not.toHaveProperty('expirationYear');
  });
});
