// The status check one rule at a time (W3C Bitstring Status List): what an entry must say, what
// the list must be (signed by the credential's issuer, valid now, for the entry's purpose, long
// enough), what a set bit means per purpose, the signature cache, and the per-verification budget.
// Lists are signed with real Ed25519 keys; the badge itself is unsigned, since only its status is
// at stake here (its proof check fails and is not looked at).
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Bitstring } from './bitstring.ts';
import { buildOpenBadgeCredential } from './build.ts';
import { didDocument, verificationMethodId } from './did.ts';
import type { ResolveDocument } from './document-loader.ts';
import { VERIFY_LIMITS, createStatusListSignatureCache, type StatusListSignatureCache } from './limits.ts';
import { signCredential } from './sign.ts';
import { buildStatusListCredential, statusListEntry } from './status-list.ts';
import { newTestSigner, resolverFor, teamwork } from './test-helpers.ts';
import { verifyCredential, type VerificationCheck, type VerificationResult } from './verify.ts';

const DID = 'did:web:badges.uni.edu';
const NOW = new Date('2026-06-01T00:00:00Z');
const LIST = 'https://badges.uni.edu/status/uni/revocation/1.json';
const SUSPENSIONS = 'https://badges.uni.edu/status/uni/suspension/1.json';
type Json = Record<string, unknown>;

const status = (result: VerificationResult): VerificationCheck => result.checks.find((c) => c.name === 'status')!;
const failure = (message: string): VerificationCheck => ({ name: 'status', ok: false, message });

let signer: ReturnType<typeof newTestSigner>;
let verificationMethod: string;
let didDoc: Json;

beforeAll(() => {
  signer = newTestSigner();
  verificationMethod = verificationMethodId(DID, signer.publicKeyMultibase);
  didDoc = didDocument({ did: DID, keys: [{ id: verificationMethod, publicKeyMultibase: signer.publicKeyMultibase }] });
});

/** An unsigned badge of the issuer carrying these credentialStatus entries. */
function badge(credentialStatus: unknown, overrides: Json = {}): Json {
  const unsigned = buildOpenBadgeCredential({
    credentialUrl: 'https://badges.uni.edu/credentials/c-3.json',
    issuer: { did: DID, name: 'Uni', url: 'https://uni.edu' },
    achievement: teamwork,
    achievementUrl: 'https://badges.uni.edu/achievements/teamwork',
    recipient: { email: 'ada@example.org', name: 'Ada' },
    salt: 'salt',
    evidence: [],
    issuedAt: new Date('2026-01-01T00:00:00Z'),
  });
  return { ...unsigned, ...(credentialStatus === undefined ? {} : { credentialStatus }), ...overrides };
}

/** A status list of the issuer with these bits set, signed with the issuer's key unless told otherwise. */
async function list(
  options: { url?: string; purpose?: string; set?: number[]; change?: Json; sign?: false | { signer: ReturnType<typeof newTestSigner>; verificationMethod: string } } = {},
) {
  const bits = new Bitstring();
  for (const index of options.set ?? []) bits.set(index, true);
  const url = options.url ?? LIST;
  const unsigned: Json = {
    ...buildStatusListCredential({ listUrl: url, issuerDid: DID, purpose: 'revocation', encodedList: bits.encode(), validFrom: new Date('2026-01-01T00:00:00Z') }),
    ...options.change,
  };
  if (options.purpose !== undefined) unsigned.credentialSubject = { ...(unsigned.credentialSubject as Json), statusPurpose: options.purpose };
  if (options.sign === false) return unsigned;
  return signCredential(unsigned, options.sign ?? { signer, verificationMethod });
}

const entry = (index: number | string, purpose = 'revocation', url = LIST): Json => ({
  ...statusListEntry({ listUrl: url, purpose: 'revocation', index: 0 }),
  statusPurpose: purpose,
  statusListIndex: String(index),
});

async function statusOf(credential: Json, lists: Record<string, unknown>, options: { verifiedStatusLists?: StatusListSignatureCache; now?: Date } = {}) {
  return status(
    await verifyCredential(credential, { now: options.now ?? NOW, resolveDocument: resolverFor({ [DID]: didDoc }), resolveStatusList: resolverFor(lists), ...options }),
  );
}

describe('verifyCredential: a status entry', () => {
  it('passes a credential with no status, saying it cannot be revoked', async () => {
    expect(await statusOf(badge(undefined), {})).toEqual({ name: 'status', ok: true, message: 'no status list (cannot be revoked)' });
  });

  it('fails an entry that is not an object', async () => {
    expect(await statusOf(badge(['revoked?']), {})).toEqual(failure('credentialStatus entry is not an object'));
  });

  it('fails an entry of another type, naming it', async () => {
    expect(await statusOf(badge({ ...entry(5), type: 'StatusList2021Entry' }), {})).toEqual(
      failure('status of type StatusList2021Entry cannot be checked (only BitstringStatusListEntry)'),
    );
  });

  it('fails an entry that names no list', async () => {
    const { statusListCredential: _, ...entryWithoutList } = entry(5);
    expect(await statusOf(badge(entryWithoutList), {})).toEqual(failure('revocation entry names no statusListCredential'));
  });

  it.each(['-1', '1.5', '', ' ', 'five', '9007199254740993'])('fails the statusListIndex %j, fetching nothing', async (index) => {
    expect(await statusOf(badge(entry(index)), {})).toEqual(failure(`revocation entry has no valid statusListIndex ("${index}")`));
  });

  it('reads index 0, the first bit', async () => {
    // Prepare
    const lists = { [LIST]: await list({ set: [0] }) };

    // Act + Assess
    expect(await statusOf(badge(entry(0)), lists)).toEqual(failure(`revoked (revocation list ${LIST}, index 0)`));
  });

  it('reads an index written as a JSON number', async () => {
    // Prepare
    const lists = { [LIST]: await list({ set: [7] }) };

    // Act + Assess
    expect(await statusOf(badge({ ...entry(0), statusListIndex: 7 }), lists)).toEqual(failure(`revoked (revocation list ${LIST}, index 7)`));
  });

  it('reads the last bit of the list and refuses the one after it', async () => {
    // Prepare
    const last = new Bitstring().length - 1;
    const lists = { [LIST]: await list({ set: [last] }) };

    // Act
    const lastBit = await statusOf(badge(entry(last)), lists);
    const beyond = await statusOf(badge(entry(last + 1)), lists);

    // Assess
    expect(lastBit).toEqual(failure(`revoked (revocation list ${LIST}, index ${last})`));
    expect(beyond).toEqual(failure(`index ${last + 1} is outside the status list ${LIST} (${last + 1} entries)`));
  });
});

describe('verifyCredential: the status list', () => {
  it('fails when what the entry names is not a BitstringStatusListCredential', async () => {
    // Prepare
    const notAList = await list({ change: { type: ['VerifiableCredential'] } });

    // Act + Assess
    expect(await statusOf(badge(entry(5)), { [LIST]: notAList })).toEqual(failure(`${LIST} is not a BitstringStatusListCredential`));
  });

  it('fails a list that names no issuer, and a credential that names none', async () => {
    // Prepare
    const lists = { [LIST]: await list({ change: { issuer: undefined }, sign: false }) };
    const ownList = { [LIST]: await list() };

    // Act
    const noListIssuer = await statusOf(badge(entry(5)), lists);
    const noCredentialIssuer = await statusOf(badge(entry(5), { issuer: undefined }), ownList);

    // Assess
    expect(noListIssuer).toEqual(failure(`the status list ${LIST} is issued by nobody, not by the credential's issuer ${DID}`));
    expect(noCredentialIssuer).toEqual(failure(`the status list ${LIST} is issued by ${DID}, not by the credential's issuer (none)`));
  });

  it('takes the issuer of the list and of the credential by id, as an object or a string', async () => {
    // Prepare: the badge names its issuer as a bare DID, the list as an object
    const lists = { [LIST]: await list({ change: { issuer: { id: DID } } }) };

    // Act + Assess
    expect(await statusOf(badge(entry(5), { issuer: DID }), lists)).toEqual({ name: 'status', ok: true, message: `not revoked (revocation list ${LIST}, index 5)` });
  });

  it('fails an unsigned list, saying so', async () => {
    // Prepare
    const lists = { [LIST]: await list({ sign: false }) };

    // Act + Assess
    expect(await statusOf(badge(entry(5)), lists)).toEqual(failure(`the status list ${LIST} does not verify: the credential has no proof`));
  });

  it("fails a list signed with a key that is not the issuer's, though its signature holds", async () => {
    // Prepare: someone signs a list in the issuer's name with their own did:key
    const impostor = newTestSigner();
    const didKey = `did:key:${impostor.publicKeyMultibase}`;
    const key = `${didKey}#${impostor.publicKeyMultibase}`;
    const lists = { [LIST]: await list({ sign: { signer: impostor, verificationMethod: key } }) };

    // Act + Assess
    expect(await statusOf(badge(entry(5)), lists)).toEqual(
      failure(`the status list ${LIST} is not signed by its issuer: key ${key} is controlled by ${didKey}, not by the issuer ${DID}`),
    );
  });

  it('fails a list that is no longer valid, saying why', async () => {
    // Prepare
    const lists = { [LIST]: await list({ change: { validUntil: '2026-05-01T00:00:00Z' } }) };

    // Act + Assess
    expect(await statusOf(badge(entry(5)), lists)).toEqual(failure(`the status list ${LIST} is not valid now: expired: valid until 2026-05-01T00:00:00Z`));
  });

  it('fails a list for another purpose, or none', async () => {
    // Prepare
    const suspensionList = { [LIST]: await list({ purpose: 'suspension' }) };
    const noPurpose = { [LIST]: await list({ purpose: '' }) };
    const twoOthers = {
      [LIST]: await list({
        change: { credentialSubject: { id: `${LIST}#list`, type: 'BitstringStatusList', statusPurpose: ['suspension', 'message'], encodedList: new Bitstring().encode() } },
      }),
    };

    // Act + Assess
    expect(await statusOf(badge(entry(5)), suspensionList)).toEqual(failure(`the status list ${LIST} is for suspension, not revocation`));
    expect(await statusOf(badge(entry(5)), noPurpose)).toEqual(failure(`the status list ${LIST} is for no purpose, not revocation`));
    expect(await statusOf(badge(entry(5)), twoOthers)).toEqual(failure(`the status list ${LIST} is for suspension, message, not revocation`));
  });

  it('fails a list whose bits cannot be read, saying why', async () => {
    // Prepare
    const garbled = await list({ change: { credentialSubject: { id: `${LIST}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: 'u!!!' } } });
    const missing = await list({ change: { credentialSubject: { id: `${LIST}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation' } } });

    // Act + Assess
    expect(await statusOf(badge(entry(5)), { [LIST]: garbled })).toEqual(failure(`the status list ${LIST} cannot be read: encodedList is not base64url`));
    expect(await statusOf(badge(entry(5)), { [LIST]: missing })).toEqual(failure(`the status list ${LIST} cannot be read: encodedList is not GZIP-compressed`));
  });
});

describe('verifyCredential: what a status bit means', () => {
  it('fails a suspended credential and passes one that is not', async () => {
    // Prepare
    const lists = { [SUSPENSIONS]: await list({ url: SUSPENSIONS, purpose: 'suspension', set: [3] }) };

    // Act + Assess
    expect(await statusOf(badge(entry(3, 'suspension', SUSPENSIONS)), lists)).toEqual(failure(`suspended (suspension list ${SUSPENSIONS}, index 3)`));
    expect(await statusOf(badge(entry(4, 'suspension', SUSPENSIONS)), lists)).toEqual({
      name: 'status',
      ok: true,
      message: `not suspended (suspension list ${SUSPENSIONS}, index 4)`,
    });
  });

  it('reports, but does not fail on, a bit of another purpose', async () => {
    // Prepare: "message" is a Bitstring Status List purpose that says nothing about trust
    const messages = 'https://badges.uni.edu/status/uni/message/1.json';
    const lists = { [messages]: await list({ url: messages, purpose: 'message', set: [3] }) };

    // Act + Assess
    expect(await statusOf(badge(entry(3, 'message', messages)), lists)).toEqual({ name: 'status', ok: true, message: `message bit set (message list ${messages}, index 3)` });
    expect(await statusOf(badge(entry(4, 'message', messages)), lists)).toEqual({ name: 'status', ok: true, message: `message bit clear (message list ${messages}, index 4)` });
  });

  it('names every entry when all pass, and only the failed ones otherwise', async () => {
    // Prepare
    const lists = { [LIST]: await list({ set: [1] }), [SUSPENSIONS]: await list({ url: SUSPENSIONS, purpose: 'suspension', set: [2] }) };

    // Act
    const clear = await statusOf(badge([entry(2), entry(1, 'suspension', SUSPENSIONS)]), lists);
    const suspended = await statusOf(badge([entry(2), entry(2, 'suspension', SUSPENSIONS)]), lists);
    const both = await statusOf(badge([entry(1), entry(2, 'suspension', SUSPENSIONS)]), lists);

    // Assess
    expect(clear).toEqual({ name: 'status', ok: true, message: `not revoked (revocation list ${LIST}, index 2); not suspended (suspension list ${SUSPENSIONS}, index 1)` });
    expect(suspended).toEqual(failure(`suspended (suspension list ${SUSPENSIONS}, index 2)`));
    expect(both).toEqual(failure(`revoked (revocation list ${LIST}, index 1); suspended (suspension list ${SUSPENSIONS}, index 2)`));
  });

  it('checks as many entries as allowed', async () => {
    // Prepare: maxStatusEntries entries, the last one revoked
    const max = VERIFY_LIMITS.maxStatusEntries;
    const lists = { [LIST]: await list({ set: [max - 1] }) };
    const entries = Array.from({ length: max }, (_, n) => entry(n));

    // Act + Assess
    expect(await statusOf(badge(entries), lists)).toEqual(failure(`revoked (revocation list ${LIST}, index ${max - 1})`));
  });
});

describe('verifyCredential: where status lists come from', () => {
  it('refuses to fetch a list when no resolver was given', async () => {
    // Act
    const result = await verifyCredential(badge(entry(5)), { now: NOW });

    // Assess
    expect(status(result)).toEqual(failure(`cannot check the revocation status: cannot resolve "${LIST}": it is not a bundled context or a did:key, and no resolver was given`));
  });

  it('fetches lists with resolveStatusList rather than resolveDocument when both are given', async () => {
    // Prepare: the document resolver would serve a stale list in which the bit is not yet set
    const stale = await list();
    const fresh = await list({ set: [5] });

    // Act
    const result = await verifyCredential(badge(entry(5)), {
      now: NOW,
      resolveDocument: resolverFor({ [DID]: didDoc, [LIST]: stale }),
      resolveStatusList: resolverFor({ [LIST]: fresh }),
    });

    // Assess
    expect(status(result)).toEqual(failure(`revoked (revocation list ${LIST}, index 5)`));
  });
});

describe('verifyCredential: the status list signature cache', () => {
  /** A real cache that also records what it was asked to remember. */
  function recordingCache() {
    const cache = createStatusListSignatureCache({ ttlMs: 60_000 });
    const remembered: string[] = [];
    return { remembered, cache: { has: cache.has, remember: (key: string, now: Date) => (remembered.push(key), cache.remember(key, now)) } };
  }

  it('checks a remembered list signature no more until the entry expires, by the verification clock', async () => {
    // Prepare: verify once with the issuer's DID document at hand
    const { cache, remembered } = recordingCache();
    const lists = { [LIST]: await list() };
    const first = await statusOf(badge(entry(5)), lists, { verifiedStatusLists: cache });
    // then without it: the list's signature can no longer be checked
    const withoutDid = (now: Date) =>
      verifyCredential(badge(entry(5)), { now, resolveDocument: resolverFor({}), resolveStatusList: resolverFor(lists), verifiedStatusLists: cache });

    // Act
    const remembering = status(await withoutDid(new Date(NOW.getTime() + 59_999)));
    const expired = status(await withoutDid(new Date(NOW.getTime() + 60_000)));

    // Assess
    expect(first.ok).toBe(true);
    expect(remembered).toHaveLength(1);
    expect(remembering).toEqual({ name: 'status', ok: true, message: `not revoked (revocation list ${LIST}, index 5)` });
    expect(expired.ok).toBe(false);
    expect(expired.message).toContain(`the status list ${LIST} does not verify`);
  });

  it('remembers a list by its content: a changed list is checked again', async () => {
    // Prepare
    const { cache } = recordingCache();
    const signed = await list();
    await statusOf(badge(entry(5)), { [LIST]: signed }, { verifiedStatusLists: cache });
    const changed = {
      ...signed,
      credentialSubject: { ...(signed.credentialSubject as Json), encodedList: ((await list({ set: [5], sign: false })).credentialSubject as Json).encodedList },
    };

    // Act
    const result = await statusOf(badge(entry(5)), { [LIST]: changed }, { verifiedStatusLists: cache });

    // Assess
    expect(result.ok).toBe(false);
    expect(result.message).toContain(`the status list ${LIST} does not verify`);
  });

  it('remembers no list whose signature failed', async () => {
    // Prepare
    const { cache, remembered } = recordingCache();
    const forged = { ...(await list()), credentialSubject: (await list({ set: [5], sign: false })).credentialSubject };

    // Act
    const first = await statusOf(badge(entry(5)), { [LIST]: forged }, { verifiedStatusLists: cache });
    const second = await statusOf(badge(entry(5)), { [LIST]: forged }, { verifiedStatusLists: cache });

    // Assess
    expect(remembered).toEqual([]);
    expect([first.ok, second.ok]).toEqual([false, false]);
  });

  it('remembers no list signed by a key that is not the issuer’s', async () => {
    // Prepare
    const { cache, remembered } = recordingCache();
    const impostor = newTestSigner();
    const lists = { [LIST]: await list({ sign: { signer: impostor, verificationMethod: `did:key:${impostor.publicKeyMultibase}#${impostor.publicKeyMultibase}` } }) };

    // Act
    const result = await statusOf(badge(entry(5)), lists, { verifiedStatusLists: cache });

    // Assess
    expect(result.ok).toBe(false);
    expect(remembered).toEqual([]);
  });
});

describe('verifyCredential: the budget of one verification', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts a document once however many of its fragments are resolved', async () => {
    // Prepare: a signed badge; its key (DID#key) and its controller (DID) are one document
    const credential = await signCredential(badge(undefined), { signer, verificationMethod });

    // Act
    const result = await verifyCredential(credential, { now: NOW, resolveDocument: resolverFor({ [DID]: didDoc }), limits: { maxResolutions: 1 } });

    // Assess
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('gives up on a resolver that ignores the time budget, and starts no fetch after it', async () => {
    // Prepare: status lists that never answer and never listen to the abort signal
    const asked: string[] = [];
    const never: ResolveDocument = (url) => (asked.push(url), new Promise(() => {}));
    const lists = [1, 2, 3].map((n) => `https://badges.uni.edu/status/uni/revocation/${n}.json`);
    const started = Date.now();

    // Act
    const result = await verifyCredential(badge(lists.map((url) => entry(5, 'revocation', url))), {
      now: NOW,
      resolveDocument: resolverFor({ [DID]: didDoc }),
      resolveStatusList: never,
      limits: { verificationBudgetMs: 200 },
    });

    // Assess
    expect(Date.now() - started).toBeLessThan(5000);
    expect(asked).toEqual([lists[0]]);
    const refused = (url: string) => `cannot check the revocation status: refusing to resolve ${url}: the verification ran out of its 200 ms time budget`;
    expect(status(result)).toEqual(failure(lists.map(refused).join('; ')));
  });

  it('reads up to its byte budget exactly, then nothing more, not even a document that costs none', async () => {
    // Prepare: the first list costs the whole budget, the second one byte more, the third (as if cached) nothing
    const lists = [1, 2, 3].map((n) => `https://badges.uni.edu/status/uni/revocation/${n}.json`);
    const cost = [1000, 1, 0];
    const signed = await list();
    const asked: string[] = [];
    const resolveStatusList: ResolveDocument = async (url, context) => {
      asked.push(url);
      context?.spendBytes?.(cost[lists.indexOf(url)]!, url);
      return signed;
    };

    // Act
    const result = await verifyCredential(badge(lists.map((url) => entry(5, 'revocation', url))), {
      now: NOW,
      resolveDocument: resolverFor({ [DID]: didDoc }),
      resolveStatusList,
      limits: { maxBytesPerVerification: 1000 },
    });

    // Assess: the first list (and the DID document its signature needs) within the budget
    expect(asked).toEqual([lists[0], lists[1]]);
    expect(status(result).message).toBe(
      lists
        .slice(1)
        .map((url) => `cannot check the revocation status: refusing to read ${url}: this verification already fetched more than 1000 bytes (the limit)`)
        .join('; '),
    );
  });

  it('says what a resolver that fails without an Error threw', async () => {
    // Prepare
    const rejecting: ResolveDocument = () => Promise.reject('offline'); // eslint-disable-line @typescript-eslint/prefer-promise-reject-errors -- what a careless resolver does

    // Act
    const result = await verifyCredential(badge(entry(5)), { now: NOW, resolveDocument: resolverFor({ [DID]: didDoc }), resolveStatusList: rejecting });

    // Assess
    expect(status(result)).toEqual(failure('cannot check the revocation status: offline'));
  });

  it('leaves no timer behind', async () => {
    // Prepare
    vi.useFakeTimers();

    // Act
    const result = await verifyCredential(badge(undefined), { now: NOW });

    // Assess
    expect(result.verified).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});
