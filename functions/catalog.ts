// The catalogue of functions and API routes: one list read by the local gateway, the local
// workflow runner and the CDK app, so the three can never disagree on what exists.
import type { WorkflowFunctions } from '@tessera/workflow';

/** Each name is a folder under functions/ whose handler.ts exports `handler`. */
export const FUNCTION_NAMES = [
  'webhook-intake',
  'review',
  'verify',
  'admin',
  'check-evidence',
  'request-review',
  'record-outcome',
  'release-credential',
  'notify-earner',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

export type ApiRoute = { method: 'GET' | 'POST'; path: string; function: FunctionName };

export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'POST', path: '/webhooks/{sourceId}', function: 'webhook-intake' },
  { method: 'GET', path: '/review/{secret}', function: 'review' },
  { method: 'POST', path: '/review/{secret}', function: 'review' },
  { method: 'GET', path: '/verify', function: 'verify' },
  { method: 'POST', path: '/verify', function: 'verify' },
  { method: 'GET', path: '/admin/submissions/{id}', function: 'admin' },
  { method: 'GET', path: '/admin/reports/stuck', function: 'admin' },
  // {id} is the id in the credential's URL (/credentials/{id}.json).
  { method: 'POST', path: '/admin/credentials/{id}/revoke', function: 'admin' },
  { method: 'POST', path: '/admin/credentials/{id}/suspend', function: 'admin' },
  { method: 'POST', path: '/admin/credentials/{id}/unsuspend', function: 'admin' },
];

/** Which function runs each workflow step. */
export const WORKFLOW_STEP_FUNCTIONS: Record<keyof WorkflowFunctions, FunctionName> = {
  checkEvidence: 'check-evidence',
  requestReview: 'request-review',
  recordOutcome: 'record-outcome',
  releaseCredential: 'release-credential',
  notifyEarner: 'notify-earner',
};
