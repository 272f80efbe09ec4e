// The two halves of a W3C Bitstring Status List: the entry a credential carries (which bit of
// which list is its own) and the list credential the issuer signs and publishes.
import type { StatusPurpose } from '@tessera/core';
import { isoSeconds } from './build.ts';
import { VC_V2_CONTEXT } from './contexts.ts';

export type BitstringStatusListEntry = {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: StatusPurpose;
  statusListIndex: string;
  statusListCredential: string;
};

export type BitstringStatusListCredential = {
  '@context': string[];
  id: string;
  type: ['VerifiableCredential', 'BitstringStatusListCredential'];
  issuer: string;
  validFrom: string;
  credentialSubject: { id: string; type: 'BitstringStatusList'; statusPurpose: StatusPurpose; encodedList: string };
};

export function statusListEntry(input: { listUrl: string; purpose: StatusPurpose; index: number }): BitstringStatusListEntry {
  return {
    id: `${input.listUrl}#${input.index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: input.purpose,
    // The spec writes the index as a string (an xsd:string of digits), not a JSON number.
    statusListIndex: String(input.index),
    statusListCredential: input.listUrl,
  };
}

/** Unsigned; sign it with signCredential like any other credential of the issuer. */
export function buildStatusListCredential(input: {
  listUrl: string;
  issuerDid: string;
  purpose: StatusPurpose;
  encodedList: string;
  validFrom: Date;
}): BitstringStatusListCredential {
  return {
    '@context': [VC_V2_CONTEXT],
    id: input.listUrl,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuerDid,
    validFrom: isoSeconds(input.validFrom),
    credentialSubject: { id: `${input.listUrl}#list`, type: 'BitstringStatusList', statusPurpose: input.purpose, encodedList: input.encodedList },
  };
}
