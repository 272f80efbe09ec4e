// Admin API authentication. On AWS the Cognito JWT authorizer has already checked the token and
// hands us its claims; locally there is no Cognito, so a configured bearer token stands in.
import { timingSafeEqual } from 'node:crypto';
import { TesseraError, UnauthorizedError, type Config } from '@tessera/core';
import { header, type HttpRequest } from './http.ts';

export type AdminRole = 'admin' | 'designer' | 'reviewer';

export function authorizeAdmin(event: HttpRequest, config: Config, role: AdminRole = 'admin'): { subject: string } {
  if (config.adminToken) {
    const presented = /^Bearer (.+)$/i.exec(header(event, 'authorization') ?? '')?.[1];
    if (!presented || !safeEqual(presented, config.adminToken)) throw new UnauthorizedError('missing or wrong admin token (Authorization: Bearer <TESSERA_ADMIN_TOKEN>)');
    return { subject: 'local-admin' };
  }
  const claims = event.requestContext?.authorizer?.claims as Record<string, string> | undefined;
  if (!claims?.sub) throw new UnauthorizedError('not authenticated');
  const groups = String(claims['cognito:groups'] ?? '').split(/[,\s]+/).filter(Boolean);
  if (!groups.includes(role) && !groups.includes('admin')) throw new TesseraError(403, 'forbidden', `this needs the ${role} role`);
  return { subject: claims.email ?? claims.sub };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
