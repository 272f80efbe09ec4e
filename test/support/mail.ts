// Waiting for a mail: workflows send mail asynchronously, so tests poll the outbox until the mail
// they expect arrives (or fail, saying which mail never came and what did).
import type { Mail } from '@tessera/core';

export type WaitOptions = { timeoutMs?: number; intervalMs?: number };

/** Calls `probe` until it returns something other than undefined; fails after `timeoutMs` naming `what`. */
export async function pollFor<T>(what: string, probe: () => Promise<T | undefined>, options: WaitOptions = {}): Promise<T> {
  const { timeoutMs = 10_000, intervalMs = 25 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The first mail in `outbox` (the local outbox read directly, or over `/_local/outbox`) that matches. */
export async function waitForMail(outbox: () => Promise<Mail[]>, matches: (mail: Mail) => boolean, what = 'the mail', options: WaitOptions = {}): Promise<Mail> {
  let seen: Mail[] = [];
  try {
    return await pollFor(
      what,
      async () => {
        seen = await outbox();
        return seen.find(matches);
      },
      options,
    );
  } catch (error) {
    const subjects = seen.map((m) => `"${m.subject}" to ${m.to}`).join(', ') || 'none';
    throw new Error(`${(error as Error).message}; mails in the outbox: ${subjects}`, { cause: error });
  }
}

/** The review-request mail, optionally the one about a given learner. */
export const isReviewRequest =
  (learnerName?: string) =>
  (mail: Mail): boolean =>
    mail.subject.startsWith('Review needed') && (learnerName === undefined || mail.text.includes(learnerName));
