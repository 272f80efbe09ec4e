// The wait-for-mail helper every workflow, integration and e2e test leans on: it must find a mail
// that arrives late, and fail with a message that says what was waited for and what came instead.
import { describe, expect, it } from 'vitest';
import type { Mail } from '@tessera/core';
import { isReviewRequest, pollFor, waitForMail } from './mail.ts';

const mail = (subject: string, to = 'someone@example.org', text = ''): Mail => ({ to, subject, text, html: `<p>${text}</p>` });

describe('waitForMail', () => {
  it('returns the matching mail once it arrives, after polling', async () => {
    // Prepare: the review mail arrives on the third look.
    const arrivals = [[], [mail('Welcome')], [mail('Welcome'), mail('Review needed: Badge for Ada Learner', 'r@x.org', 'Ada Learner')]];
    let looks = 0;
    const outbox = async () => arrivals[Math.min(looks++, arrivals.length - 1)]!;

    // Act
    const found = await waitForMail(outbox, isReviewRequest('Ada Learner'), 'the review mail', { intervalMs: 1 });

    // Assess
    expect(found.subject).toBe('Review needed: Badge for Ada Learner');
    expect(looks).toBe(3);
  });

  it('fails after the timeout, naming what it waited for and the mails it saw', async () => {
    const outbox = async () => [mail('Your badge', 'ada@example.org')];

    await expect(waitForMail(outbox, isReviewRequest(), 'the review mail', { timeoutMs: 30, intervalMs: 5 })).rejects.toThrow(
      /timed out after 30 ms waiting for the review mail; mails in the outbox: "Your badge" to ada@example.org/,
    );
  });

  it('tells review mails for one learner from another', () => {
    const forGrace = mail('Review needed: Badge for Grace Hopper', 'r@x.org', 'Grace Hopper');
    expect(isReviewRequest('Grace Hopper')(forGrace)).toBe(true);
    expect(isReviewRequest('Ada Learner')(forGrace)).toBe(false);
    expect(isReviewRequest()(mail('Review expired: Badge'))).toBe(false);
  });
});

describe('pollFor', () => {
  it('accepts falsy values other than undefined (a 0, an empty string) as found', async () => {
    expect(await pollFor('zero', async () => 0)).toBe(0);
    expect(await pollFor('empty', async () => '')).toBe('');
  });
});
