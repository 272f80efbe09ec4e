// Verifies an OB 3.0 credential (ours or another issuer's) and explains each result:
// structure, strict schema, Data Integrity proof, issuer/key binding, validity period, status
// (W3C Bitstring Status List: the list credential is fetched, itself verified, and the bit read),
// and, when asked, whether it was issued to a given e-mail address. A VC-JWT (compact JWS) goes
// through the same checks, its JWS signature and claims standing in for the embedded proof.
// Never throws: whatever is wrong with the input ends up in a failed check's message.
// A check can pass with a warning: a deviation the 1EdTech validator reports but does not fail on.
import { createHash } from 'node:crypto';
import { Bitstring } from './bitstring.ts';
import { createDocumentLoader, type DocumentLoader, type ResolveDocument } from './document-loader.ts';
import { DocumentResolutionError } from './errors.ts';
import { splitFragment } from './fragment.ts';
import { DEFAULT_VERIFY_LIMITS, type StatusListSignatureCache, type VerifyLimits } from './limits.ts';
import { OB_V3_CONTEXT, VC_V1_CONTEXT, VC_V2_CONTEXT } from './contexts.ts';
import { didKeyMethodId } from './did-key.ts';
import { hashRecipientEmail } from './recipient.ts';
import { judgeCredentialSchema, type CredentialSchemaKind, type SchemaError } from './schema.ts';
import { CRYPTOSUITE, eddsaSuite } from './suite.ts';
import { checkJwtClaims, decodeCredentialJwt, isCompactJws, verifyJwtSignature } from './vc-jwt.ts';

export type CheckName = 'structure' | 'schema' | 'proof' | 'issuer' | 'validity' | 'status' | 'recipient';
/** `warning` only on a passed check: what another verifier may still object to. */
export type VerificationCheck = { name: CheckName; ok: boolean; message: string; warning?: string };
/** `warnings` repeats each check's warning, prefixed with the check's name, so a caller need not look in every check. */
export type VerificationResult = { verified: boolean; checks: VerificationCheck[]; warnings: string[] };
export type VerifyOptions = {
  now?: Date;
  resolveDocument?: ResolveDocument;
  /** Adds the `recipient` check: was the credential issued to this address? */
  recipientEmail?: string;
  /** Fetches status list credentials; defaults to resolveDocument. A separate one lets a caller
   *  cache DID documents for minutes but statuses, which change, briefly or not at all. */
  resolveStatusList?: ResolveDocument;
  /** Status lists whose signature already verified; without one, every list's signature is checked. */
  verifiedStatusLists?: StatusListSignatureCache;
  /** What one verification may spend (limits.ts); tests lower them. */
  limits?: Partial<VerifyLimits>;
};

type Json = Record<string, unknown>;
type ProofOutcome = { check: VerificationCheck; verificationMethod?: Json; verificationMethodId?: string };

const CHECK_ORDER: readonly CheckName[] = ['structure', 'schema', 'proof', 'issuer', 'validity', 'status'];
const BADGE_TYPES = ['OpenBadgeCredential', 'AchievementCredential'];
// An endorsement is the other OB 3.0 credential a verifier meets; it has its own schema.
const ENDORSEMENT_TYPE = 'EndorsementCredential';

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const idOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : isObject(value) && typeof value.id === 'string' ? value.id : undefined);
const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function checkStructure(credential: Json): VerificationCheck {
  const problems: string[] = [];
  const contexts = asArray(credential['@context']);
  if (contexts[0] !== VC_V2_CONTEXT && contexts[0] !== VC_V1_CONTEXT) {
    problems.push(`@context must start with ${VC_V2_CONTEXT}`);
  }
  const types = asArray(credential.type);
  if (!types.includes('VerifiableCredential')) problems.push('type must include VerifiableCredential');
  if (!types.some((t) => BADGE_TYPES.includes(t as string) || t === ENDORSEMENT_TYPE)) {
    problems.push('type must include OpenBadgeCredential, AchievementCredential or EndorsementCredential');
  }
  if (!idOf(credential.issuer)) problems.push('issuer (with an id) is required');
  if (!isObject(credential.credentialSubject)) problems.push('credentialSubject must be an object');
  if (problems.length) return { name: 'structure', ok: false, message: problems.join('; ') };
  const passed: VerificationCheck = { name: 'structure', ok: true, message: 'is an Open Badges 3.0 verifiable credential' };
  const warnings = contextWarnings(contexts);
  return warnings.length ? { ...passed, warning: warnings.join('; ') } : passed;
}

// Any published OB 3.0 context: the unversioned 3.0.0 one, a numbered version, or the .jsonld alias.
const OB_V3_CONTEXT_PATTERN =
  /^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(-\d+\.\d+\.\d+)?\.json$|^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context\/ob_v3p0\.jsonld$/;

/** As the 1EdTech validator's ContextPropertyProbe: an older version or alias where the current context
 *  is expected is a warning (a missing one is for the schema check to fail). */
function contextWarnings(contexts: unknown[]): string[] {
  const expected = (position: number, url: string) => `expected @context ${url} at position ${position + 1}, found ${String(contexts[position])}`;
  const warnings: string[] = [];
  if (contexts[0] === VC_V1_CONTEXT) warnings.push(`${expected(0, VC_V2_CONTEXT)} (VC Data Model 1.1)`);
  if (typeof contexts[1] === 'string' && contexts[1] !== OB_V3_CONTEXT && OB_V3_CONTEXT_PATTERN.test(contexts[1])) {
    warnings.push(`${expected(1, OB_V3_CONTEXT)} (an older Open Badges 3.0 context)`);
  }
  return warnings;
}

// At most this many schema findings in one message; the count of the rest follows.
const SHOWN_SCHEMA_ERRORS = 5;

function listSchemaErrors(errors: SchemaError[]): string {
  const shown = errors.slice(0, SHOWN_SCHEMA_ERRORS).map((e) => `${e.path} ${e.message}`);
  const more = errors.length > shown.length ? ` (and ${errors.length - shown.length} more)` : '';
  return `${shown.join('; ')}${more}`;
}

/** Decides as the 1EdTech validator does (see judgeCredentialSchema): what JSON-LD reads alike only warns. */
function checkSchema(credential: Json): VerificationCheck {
  const isEndorsement = asArray(credential.type).includes(ENDORSEMENT_TYPE) && !asArray(credential.type).some((t) => BADGE_TYPES.includes(t as string));
  const kind: CredentialSchemaKind = isEndorsement ? 'EndorsementCredential' : 'AchievementCredential';
  const { errors, warnings } = judgeCredentialSchema(credential, kind);
  if (errors.length) return { name: 'schema', ok: false, message: `not valid against the OB 3.0 ${kind} schema: ${listSchemaErrors(errors)}` };
  if (warnings.length === 0) return { name: 'schema', ok: true, message: `valid against the OB 3.0 ${kind} schema` };
  return {
    name: 'schema',
    ok: true,
    message: `valid against the OB 3.0 ${kind} schema read as JSON-LD (a single value where an array is expected)`,
    warning: `not valid against the strict OB 3.0 ${kind} JSON schema, which tools reading plain JSON may apply: ${listSchemaErrors(warnings)}`,
  };
}

async function checkProof(credential: Json, documentLoader: DocumentLoader): Promise<ProofOutcome> {
  const fail = (message: string, verificationMethodId?: string): ProofOutcome => ({
    check: { name: 'proof', ok: false, message },
    verificationMethodId,
  });
  const proofs = asArray(credential.proof).filter(isObject);
  if (proofs.length === 0) return fail('the credential has no proof');
  const candidates = proofs.filter((p) => p.type === 'DataIntegrityProof' && p.cryptosuite === CRYPTOSUITE);
  if (candidates.length === 0) {
    const seen = proofs.map((p) => [p.type, p.cryptosuite].filter(Boolean).join('/')).join(', ');
    return fail(`unsupported proof (${seen}): only DataIntegrityProof with ${CRYPTOSUITE} is verified`);
  }
  const { proof: _proof, ...document } = credential;
  // One suite instance for all candidate proofs: it caches the canonical document between them.
  const suite = eddsaSuite();
  // A proof may name a did:key by the bare DID (1EdTech's fixtures do): the suite needs the key it stands for.
  const keyLoader: DocumentLoader = (url) => documentLoader(didKeyMethodId(url));
  let firstFailure: ProofOutcome | undefined;
  for (const proof of candidates) {
    const vmId = idOf(proof.verificationMethod);
    if (proof.proofPurpose !== 'assertionMethod') {
      firstFailure ??= fail(`proof purpose is "${String(proof.proofPurpose)}", expected "assertionMethod"`, vmId);
      continue;
    }
    const result = await suite.verifyProof({ proof: { ...proof }, proofSet: proofs, document, documentLoader: keyLoader });
    if (result.verified) {
      return {
        check: { name: 'proof', ok: true, message: `${CRYPTOSUITE} signature verified with ${vmId}` },
        verificationMethod: result.verificationMethod,
        verificationMethodId: vmId,
      };
    }
    firstFailure ??= fail(`${CRYPTOSUITE} proof does not verify: ${errorMessage(result.error)}`, vmId);
  }
  return firstFailure as ProofOutcome;
}

/** The issuer as JSON-LD (and so the signature) reads it: a one-element array is its element. The
 *  structure check still wants it written as VCDM 2.0 says; here only the key's owner is at stake. */
function soleIssuerId(credential: Json): string | undefined {
  const issuers = asArray(credential.issuer);
  return issuers.length === 1 ? idOf(issuers[0]) : undefined;
}

/** The key that signed must belong to the issuer and be listed for assertionMethod in the issuer's own document. */
async function checkIssuer(credential: Json, outcome: ProofOutcome, documentLoader: DocumentLoader): Promise<VerificationCheck> {
  const fail = (message: string): VerificationCheck => ({ name: 'issuer', ok: false, message });
  const issuerId = soleIssuerId(credential);
  const vmId = outcome.verificationMethodId && didKeyMethodId(outcome.verificationMethodId);
  if (!issuerId) return fail('the credential names no issuer (or more than one)');
  if (!vmId) return fail('not checked: no verification method to tie to the issuer');
  try {
    const vm = outcome.verificationMethod ?? ((await documentLoader(vmId)).document as Json);
    const controller = idOf(vm.controller);
    if (controller !== issuerId) {
      return fail(`key ${vmId} is controlled by ${controller ?? 'nobody'}, not by the issuer ${issuerId}`);
    }
    const controllerDocument = (await documentLoader(controller)).document as Json;
    const listed = asArray(controllerDocument.assertionMethod)
      .map(idOf)
      .some((id) => id === vmId || (id?.startsWith('#') && `${controller}${id}` === vmId));
    if (!listed) return fail(`the issuer's document ${controller} does not list key ${vmId} under assertionMethod`);
    return { name: 'issuer', ok: true, message: `key ${vmId} belongs to the issuer ${issuerId}` };
  } catch (error) {
    return fail(`cannot tie key ${vmId} to the issuer ${issuerId}: ${errorMessage(error)}`);
  }
}

function checkValidity(credential: Json, now: Date): VerificationCheck {
  const fail = (message: string): VerificationCheck => ({ name: 'validity', ok: false, message });
  // VCDM 1.1 badges say issuanceDate/expirationDate for what VCDM 2.0 calls validFrom/validUntil.
  const from = credential.validFrom ?? credential.issuanceDate;
  const until = credential.validUntil ?? credential.expirationDate;
  const parse = (value: unknown) => (typeof value === 'string' ? new Date(value) : new Date(Number.NaN));
  if (from === undefined) return fail('the credential has no validFrom');
  const validFrom = parse(from);
  if (Number.isNaN(validFrom.getTime())) return fail(`validFrom "${String(from)}" is not a date-time`);
  if (now < validFrom) return fail(`not yet valid: valid from ${String(from)}`);
  if (until !== undefined) {
    const validUntil = parse(until);
    if (Number.isNaN(validUntil.getTime())) return fail(`validUntil "${String(until)}" is not a date-time`);
    if (now >= validUntil) return fail(`expired: valid until ${String(until)}`);
    return { name: 'validity', ok: true, message: `valid from ${String(from)} until ${String(until)}` };
  }
  return { name: 'validity', ok: true, message: `valid from ${String(from)}, no end date` };
}

/** Matches the address against the subject's e-mail identifiers, salted-hash or plain, as OB 3.0 allows both. */
function checkRecipient(credential: Json, email: string): VerificationCheck {
  const subject = isObject(credential.credentialSubject) ? credential.credentialSubject : {};
  const identifiers = asArray(subject.identifier)
    .filter(isObject)
    .filter((i) => i.identityType === 'emailAddress' && typeof i.identityHash === 'string');
  if (identifiers.length === 0) return { name: 'recipient', ok: false, message: 'the credential names no e-mail address for its recipient' };
  const matches = identifiers.some((i) => {
    const stated = (i.identityHash as string).toLowerCase();
    if (i.hashed === true) return stated === hashRecipientEmail(email, typeof i.salt === 'string' ? i.salt : '');
    return stated === email.trim().toLowerCase();
  });
  return matches ? { name: 'recipient', ok: true, message: 'issued to this e-mail address' } : { name: 'recipient', ok: false, message: 'not issued to this e-mail address' };
}

/** What a set bit means, per purpose. */
const STATUS_WORDS: Record<string, { set: string; clear: string }> = {
  revocation: { set: 'revoked', clear: 'not revoked' },
  suspension: { set: 'suspended', clear: 'not suspended' },
};

/** The outcome of one BitstringStatusListEntry: a message, and whether it lets the credential pass. */
async function checkStatusEntry(
  entry: unknown,
  credentialIssuerId: string | undefined,
  documentLoader: DocumentLoader,
  resolveStatusList: ResolveDocument,
  now: Date,
  budget: VerificationBudget,
): Promise<{ ok: boolean; message: string }> {
  if (!isObject(entry)) return { ok: false, message: 'credentialStatus entry is not an object' };
  if (entry.type !== 'BitstringStatusListEntry') {
    return { ok: false, message: `status of type ${String(entry.type)} cannot be checked (only BitstringStatusListEntry)` };
  }
  const purpose = String(entry.statusPurpose);
  const listUrl = entry.statusListCredential;
  const index = Number(entry.statusListIndex);
  if (typeof listUrl !== 'string') return { ok: false, message: `${purpose} entry names no statusListCredential` };
  if (!Number.isSafeInteger(index) || index < 0 || String(entry.statusListIndex).trim() === '') {
    return { ok: false, message: `${purpose} entry has no valid statusListIndex ("${String(entry.statusListIndex)}")` };
  }
  const where = `${purpose} list ${listUrl}, index ${index}`;
  let list: Json;
  try {
    list = await resolveStatusList(listUrl);
  } catch (error) {
    return { ok: false, message: `cannot check the ${purpose} status: ${errorMessage(error)}` };
  }
  // The list speaks for the issuer only if the issuer signed it.
  if (!asArray(list.type).includes('BitstringStatusListCredential')) {
    return { ok: false, message: `${listUrl} is not a BitstringStatusListCredential` };
  }
  const listIssuer = idOf(list.issuer);
  if (listIssuer !== credentialIssuerId) {
    return { ok: false, message: `the status list ${listUrl} is issued by ${listIssuer ?? 'nobody'}, not by the credential's issuer ${credentialIssuerId ?? '(none)'}` };
  }
  const signature = await checkStatusListSignature(list, listUrl, documentLoader, now, budget.verifiedStatusLists);
  if (signature) return signature;
  const validity = checkValidity(list, now);
  if (!validity.ok) return { ok: false, message: `the status list ${listUrl} is not valid now: ${validity.message}` };
  const subject = isObject(list.credentialSubject) ? list.credentialSubject : {};
  if (!asArray(subject.statusPurpose).includes(purpose)) {
    return { ok: false, message: `the status list ${listUrl} is for ${asArray(subject.statusPurpose).join(', ') || 'no purpose'}, not ${purpose}` };
  }
  let bits: Bitstring;
  try {
    bits = decodedBits(subject);
  } catch (error) {
    return { ok: false, message: `the status list ${listUrl} cannot be read: ${errorMessage(error)}` };
  }
  if (index >= bits.length) return { ok: false, message: `index ${index} is outside the status list ${listUrl} (${bits.length} entries)` };
  const words = STATUS_WORDS[purpose] ?? { set: `${purpose} bit set`, clear: `${purpose} bit clear` };
  // Only revocation and suspension say the credential is not to be trusted; another purpose is reported.
  const set = bits.get(index);
  return { ok: !set || !(purpose in STATUS_WORDS), message: `${set ? words.set : words.clear} (${where})` };
}

async function checkStatus(
  credential: Json,
  documentLoader: DocumentLoader,
  resolveStatusList: ResolveDocument,
  now: Date,
  budget: VerificationBudget,
): Promise<VerificationCheck> {
  const entries = asArray(credential.credentialStatus);
  if (entries.length === 0) return { name: 'status', ok: true, message: 'no status list (cannot be revoked)' };
  const { maxStatusEntries } = budget.limits;
  if (entries.length > maxStatusEntries) {
    return { name: 'status', ok: false, message: `the credential has ${entries.length} credentialStatus entries; at most ${maxStatusEntries} are checked` };
  }
  const issuerId = idOf(credential.issuer);
  const outcomes = [];
  for (const entry of entries) outcomes.push(await checkStatusEntry(entry, issuerId, documentLoader, resolveStatusList, now, budget));
  const failed = outcomes.filter((o) => !o.ok);
  return { name: 'status', ok: failed.length === 0, message: (failed.length ? failed : outcomes).map((o) => o.message).join('; ') };
}

// A kept status list comes back as the same object until its publisher's max-age runs out (the
// resolver's cache), so its content hash and its inflated bits are worked out once per object.
const contentKeys = new WeakMap<object, string>();
const inflated = new WeakMap<object, Bitstring>();

function contentKeyOf(list: Json): string {
  let key = contentKeys.get(list);
  if (key === undefined) contentKeys.set(list, (key = createHash('sha256').update(JSON.stringify(list)).digest('base64url')));
  return key;
}

function decodedBits(subject: Json): Bitstring {
  let bits = inflated.get(subject);
  if (!bits) inflated.set(subject, (bits = Bitstring.decode(String(subject.encodedList ?? ''))));
  return bits;
}

// A list's signature only changes when its bits do: a cache handed in by the composition root
// remembers lists, by content hash, whose signature verified.
async function checkStatusListSignature(
  list: Json,
  listUrl: string,
  documentLoader: DocumentLoader,
  now: Date,
  verified: StatusListSignatureCache | undefined,
): Promise<{ ok: false; message: string } | undefined> {
  const key = contentKeyOf(list);
  if (verified?.has(key, now)) return undefined;
  let proof: ProofOutcome;
  try {
    proof = await checkProof(list, documentLoader);
  } catch (error) {
    proof = { check: { name: 'proof', ok: false, message: `proof could not be checked: ${errorMessage(error)}` } };
  }
  if (!proof.check.ok) return { ok: false, message: `the status list ${listUrl} does not verify: ${proof.check.message}` };
  const signer = await checkIssuer(list, proof, documentLoader);
  if (!signer.ok) return { ok: false, message: `the status list ${listUrl} is not signed by its issuer: ${signer.message}` };
  verified?.remember(key, now);
  return undefined;
}

/** What one verification may still spend: documents resolved (each counted once, whatever its
 *  fragment), bytes fetched, and time. Once the time is out, fetches under way are aborted and
 *  no new one starts; every refusal is a DocumentResolutionError, so it lands in a check's message. */
type VerificationBudget = {
  limits: VerifyLimits;
  verifiedStatusLists?: StatusListSignatureCache;
  spend(resolve: ResolveDocument): ResolveDocument;
  end(): void;
};

function createVerificationBudget(options: VerifyOptions): VerificationBudget {
  const limits = { ...DEFAULT_VERIFY_LIMITS, ...options.limits };
  const timeUp = new AbortController();
  const timer = setTimeout(() => timeUp.abort(), limits.verificationBudgetMs);
  timer.unref?.();
  const resolved = new Set<string>();
  let bytes = 0;
  const outOfTime = (url: string, cause?: unknown) =>
    new DocumentResolutionError(url, `refusing to resolve ${url}: the verification ran out of its ${limits.verificationBudgetMs} ms time budget`, cause);
  const outOfBytes = (url: string) =>
    new DocumentResolutionError(url, `refusing to read ${url}: this verification already fetched more than ${limits.maxBytesPerVerification} bytes (the limit)`);
  const spendBytes = (count: number, url: string) => {
    bytes += count;
    if (bytes > limits.maxBytesPerVerification) throw outOfBytes(url);
  };
  return {
    limits,
    verifiedStatusLists: options.verifiedStatusLists,
    spend: (resolve) => async (url) => {
      if (timeUp.signal.aborted) throw outOfTime(url);
      if (bytes > limits.maxBytesPerVerification) throw outOfBytes(url);
      const { base } = splitFragment(url);
      if (!resolved.has(base)) {
        if (resolved.size >= limits.maxResolutions) {
          throw new DocumentResolutionError(url, `refusing to resolve ${url}: this verification already resolved ${limits.maxResolutions} documents (the limit)`);
        }
        resolved.add(base);
      }
      // A resolver that ignores the signal still loses the race: the verification answers in time.
      let onAbort: () => void = () => {};
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(outOfTime(url));
        timeUp.signal.addEventListener('abort', onAbort, { once: true });
      });
      try {
        return await Promise.race([resolve(url, { signal: timeUp.signal, spendBytes }), aborted]);
      } catch (error) {
        throw timeUp.signal.aborted ? outOfTime(url, error) : error;
      } finally {
        timeUp.signal.removeEventListener('abort', onAbort);
        aborted.catch(() => {});
      }
    },
    end: () => clearTimeout(timer),
  };
}

/** With no resolver given, status lists are refused the same way any unknown document is. */
function createDocumentLoaderResolver(documentLoader: DocumentLoader): ResolveDocument {
  return async (url) => (await documentLoader(url)).document as Json;
}

/** Each URL is resolved at most once per verification (the DID document serves both key and
 *  controller; a status list named by several entries is fetched once). */
function memoize<T>(loader: (url: string) => Promise<T>): (url: string) => Promise<T> {
  const seen = new Map<string, Promise<T>>();
  return (url) => {
    let pending = seen.get(url);
    if (!pending) seen.set(url, (pending = loader(url)));
    return pending;
  };
}

function notACredential(message: string, options: VerifyOptions): VerificationResult {
  const names = options.recipientEmail === undefined ? CHECK_ORDER : [...CHECK_ORDER, 'recipient' as const];
  const checks = names.map((name) => (name === 'structure' ? { name, ok: false, message } : { name, ok: false, message: 'not checked: the input is not a credential' }));
  return { verified: false, checks, warnings: [] };
}

/** OB 3.0 §8.2.6: the JWS signature and the claims' agreement with the credential make the proof check. */
async function checkJwtProof(jws: string, decoded: ReturnType<typeof decodeCredentialJwt>, documentLoader: DocumentLoader): Promise<ProofOutcome> {
  const signature = await verifyJwtSignature(jws, decoded, documentLoader);
  const { verificationMethod, verificationMethodId } = signature;
  if (!signature.ok) return { check: { name: 'proof', ok: false, message: signature.message }, verificationMethodId };
  const { problems } = checkJwtClaims(decoded);
  if (problems.length) return { check: { name: 'proof', ok: false, message: `the JWT's claims do not match its credential: ${problems.join('; ')}` }, verificationMethodId };
  return { check: { name: 'proof', ok: true, message: signature.message }, verificationMethod, verificationMethodId };
}

export async function verifyCredential(credential: unknown, options: VerifyOptions = {}): Promise<VerificationResult> {
  const budget = createVerificationBudget(options);
  try {
    return await verifyWithin(credential, options, budget);
  } finally {
    budget.end();
  }
}

async function verifyWithin(credential: unknown, options: VerifyOptions, budget: VerificationBudget): Promise<VerificationResult> {
  const now = options.now ?? new Date();
  const resolveDocument = options.resolveDocument && budget.spend(options.resolveDocument);
  const documentLoader = memoize(createDocumentLoader({ resolveDocument }));
  if (typeof credential === 'string' && isCompactJws(credential)) {
    let decoded: ReturnType<typeof decodeCredentialJwt>;
    try {
      decoded = decodeCredentialJwt(credential);
    } catch (error) {
      return notACredential(errorMessage(error), options);
    }
    let proof: ProofOutcome;
    try {
      proof = await checkJwtProof(credential, decoded, documentLoader);
    } catch (error) {
      proof = { check: { name: 'proof', ok: false, message: `VC-JWT could not be checked: ${errorMessage(error)}` } };
    }
    // An `exp` without a validUntil in the credential still bounds its validity (OB 3.0 §8.2.6.1).
    return checkCredential(checkJwtClaims(decoded).credential, proof, documentLoader, now, options, budget);
  }
  if (!isObject(credential)) return notACredential('a credential must be a JSON object', options);
  let proof: ProofOutcome;
  try {
    proof = await checkProof(credential, documentLoader);
  } catch (error) {
    proof = { check: { name: 'proof', ok: false, message: `proof could not be checked: ${errorMessage(error)}` } };
  }
  return checkCredential(credential, proof, documentLoader, now, options, budget);
}

/** Every check but the proof's, which differs by proof format. */
async function checkCredential(
  credential: Json,
  proof: ProofOutcome,
  documentLoader: DocumentLoader,
  now: Date,
  options: VerifyOptions,
  budget: VerificationBudget,
): Promise<VerificationResult> {
  const checks: VerificationCheck[] = [checkStructure(credential), checkSchema(credential)];
  checks.push(proof.check, await checkIssuer(credential, proof, documentLoader), checkValidity(credential, now));
  const given = options.resolveStatusList ?? options.resolveDocument;
  const resolveStatusList = given ? memoize(budget.spend(given)) : createDocumentLoaderResolver(documentLoader);
  checks.push(await checkStatus(credential, documentLoader, resolveStatusList, now, budget));
  if (options.recipientEmail !== undefined) checks.push(checkRecipient(credential, options.recipientEmail));
  const warnings = checks.flatMap((c) => (c.warning ? [`${c.name}: ${c.warning}`] : []));
  return { verified: checks.every((c) => c.ok), checks, warnings };
}
