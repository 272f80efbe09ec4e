// Mailers: SES on AWS, a JSON-lines outbox locally, and the page that shows the outbox.
export { createSesMailer, type SesMailerOptions } from './ses-mailer.ts';
export { createOutboxMailer, type OutboxMailer, type OutboxMailerOptions } from './outbox-mailer.ts';
export { renderOutboxPage } from './outbox-page.ts';
