// The local mailer: appends each mail as one JSON line to a file, so the local gateway (another
// process) can show the outbox and tests can read what would have been sent.
import { appendFile, chmod, mkdir, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as z from 'zod';
import { TesseraError, type Mail, type Mailer } from '@tessera/core';

export type OutboxMailerOptions = { file: string };

export type OutboxMailer = Mailer & {
  /** Every mail sent so far, oldest first. */
  list(): Promise<Mail[]>;
  clear(): Promise<void>;
};

const StoredMail = z.object({ to: z.string(), subject: z.string(), text: z.string(), html: z.string() });

export function createOutboxMailer({ file }: OutboxMailerOptions): OutboxMailer {
  return {
    async send(mail: Mail): Promise<void> {
      await mkdir(dirname(file), { recursive: true, mode: 0o700 });
      // One write call with O_APPEND per mail: concurrent writers never interleave within a line.
      // JSON.stringify escapes newlines, so a mail is always exactly one line.
      const { to, subject, text, html } = mail;
      // Review links in it are capabilities: the file is for this user only (mode on creation, and
      // chmod for a file an older version made with the default umask).
      await appendFile(file, `${JSON.stringify({ to, subject, text, html })}\n`, { encoding: 'utf8', mode: 0o600 });
      await chmod(file, 0o600);
    },

    async list(): Promise<Mail[]> {
      const content = await readIfPresent(file);
      return content
        .split('\n')
        .map((line, index) => ({ line, number: index + 1 }))
        .filter(({ line }) => line.trim() !== '')
        .map(({ line, number }) => parseLine(file, line, number));
    },

    async clear(): Promise<void> {
      await rm(file, { force: true });
    },
  };
}

async function readIfPresent(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    // No mail sent yet: the file appears with the first one.
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return '';
    throw error;
  }
}

function parseLine(file: string, line: string, number: number): Mail {
  try {
    return StoredMail.parse(JSON.parse(line));
  } catch (error) {
    // A damaged outbox is a bug to see, not to paper over by dropping mails silently.
    throw new TesseraError(500, 'outbox_corrupt', `outbox ${file} line ${number} is not a mail`, { cause: error });
  }
}
