import type { Mail } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { renderOutboxPage } from './outbox-page.ts';

const review: Mail = {
  to: 'qa@uni.example',
  subject: 'Review needed: Data Literacy',
  text: 'Decide here: https://localhost:3000/review/s3cr3t',
  html: '<p>Decide <a href="https://localhost:3000/review/s3cr3t">here</a></p>',
};

describe('renderOutboxPage', () => {
  it('says the outbox is empty when no mail was sent', () => {
    // Act
    const page = renderOutboxPage([]);

    // Assess
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('The outbox is empty');
  });

  it('shows each mail with recipient, subject and text', () => {
    // Act
    const page = renderOutboxPage([review]);

    // Assess
    expect(page).toContain('<dd>qa@uni.example</dd>');
    expect(page).toContain('<dd>Review needed: Data Literacy</dd>');
    expect(page).toContain('Decide here: ');
    expect(page).not.toContain('The outbox is empty');
  });

  it('makes links in the text clickable, so the review link can be followed locally', () => {
    // Act
    const page = renderOutboxPage([review]);

    // Assess
    expect(page).toContain('<a href="https://localhost:3000/review/s3cr3t" target="_blank" rel="noopener noreferrer">https://localhost:3000/review/s3cr3t</a>');
  });

  it('shows the HTML part only inside a sandboxed iframe that may not run scripts', () => {
    // Act
    const page = renderOutboxPage([review]);

    // Assess
    const iframe = page.match(/<iframe [^>]*>/)?.[0] ?? '';
    expect(iframe).toContain('sandbox="allow-popups allow-popups-to-escape-sandbox"');
    expect(iframe).not.toContain('allow-scripts');
    expect(iframe).not.toContain('allow-same-origin');
    expect(iframe).toContain(
      'srcdoc="&lt;base target=&quot;_blank&quot;&gt;&lt;p&gt;Decide &lt;a href=&quot;https://localhost:3000/review/s3cr3t&quot;&gt;here&lt;/a&gt;&lt;/p&gt;"',
    );
  });

  it('escapes everything a mail carries, so a hostile mail cannot inject markup into the page', () => {
    // Prepare
    const hostile: Mail = {
      to: '"><script>alert(1)</script>@x.example',
      subject: '<img src=x onerror=alert(2)>',
      text: "</pre><script>alert(3)</script> https://x.example/\"onmouseover='alert(4)'",
      html: '"></iframe><script>alert(5)</script>',
    };

    // Act
    const page = renderOutboxPage([hostile]);

    // Assess
    expect(page).not.toMatch(/<script|<img|<\/iframe><script|onmouseover='/);
    expect(page).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(page.match(/<iframe /g)).toHaveLength(1);
  });

  it('shows the newest mail first', () => {
    // Prepare
    const older: Mail = { ...review, subject: 'First mail' };
    const newer: Mail = { ...review, subject: 'Second mail' };

    // Act
    const page = renderOutboxPage([older, newer]);

    // Assess
    expect(page.indexOf('Second mail')).toBeLessThan(page.indexOf('First mail'));
    expect(page).toContain('2 mails');
  });
});
