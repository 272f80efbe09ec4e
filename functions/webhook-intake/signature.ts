// The generic source's signature lives with its adapter (@tessera/lms/generic); re-exported for the
// webhook's callers (tests, the demo, the load client) that sign requests.
export { SIGNATURE_HEADER, SIGNATURE_TOLERANCE_SECONDS, signWebhook, verifyWebhookSignature } from '@tessera/lms/generic-signature';
