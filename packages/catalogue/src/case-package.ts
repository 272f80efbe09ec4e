// A skills framework from a 1EdTech CASE 1.0 package (CFPackage: {CFDocument, CFItems,
// CFAssociations}), as a CASE server returns it from GET /ims/case/v1p0/CFPackages/{id}.
// Shapes and required properties follow the IMS CASE Service 1.0 Information Model (Final Release,
// 7 July 2017: www.imsglobal.org/sites/default/files/CASE/casev1p0/information_model/
// caseservicev1p0_infomodelv1p0.html), data classes CFPackage, CFDocument, CFItem, CFAssociation,
// LinkURI and LinkGenURI. Properties CASE 1.1 added are accepted and ignored.
import type { ErrorDetail } from '@tessera/core';
import * as z from 'zod';
import { detailsFromZod } from '@tessera/core';
import { frameworkOrThrow, invalid, type Framework, type FrameworkItem } from './framework.ts';

/** CASE identifiers are UUIDs (RFC 4122), in any of its versions. */
const identifier = z.guid('must be a UUID');
const uri = z.url({ protocol: /^https?$/ });
const dateTime = z.iso.datetime({ offset: true, local: false });
const text = z.string().min(1);

/** LinkURI: a link to another CASE object, `{title, identifier, uri}`. */
const LinkURI = z.looseObject({ title: text, identifier, uri });
/** LinkGenURI: like LinkURI, but the identifier may be any string (the node can be outside CASE). */
const LinkGenURI = z.looseObject({ title: text, identifier: text, uri: text });

export const CFDocument = z.looseObject({
  identifier,
  uri,
  creator: text,
  title: text,
  lastChangeDateTime: dateTime,
  // The spec requires it; nothing here reads it, so a package without it is still imported.
  CFPackageURI: LinkURI.optional(),
  officialSourceURL: uri.optional(),
  publisher: z.string().optional(),
  description: z.string().optional(),
  subject: z.array(z.string()).optional(),
  language: z.string().optional(),
  version: z.string().optional(),
  adoptionStatus: z.string().optional(),
});

export const CFItem = z.looseObject({
  identifier,
  uri,
  fullStatement: text,
  lastChangeDateTime: dateTime,
  CFDocumentURI: LinkURI.optional(),
  humanCodingScheme: z.string().optional(),
  abbreviatedStatement: z.string().optional(),
  alternativeLabel: z.string().optional(),
  CFItemType: z.string().optional(),
  listEnumeration: z.string().optional(),
  notes: z.string().optional(),
  language: z.string().optional(),
});

export const ASSOCIATION_TYPES = ['isChildOf', 'isPeerOf', 'isPartOf', 'exactMatchOf', 'precedes', 'isRelatedTo', 'replacedBy', 'exemplar', 'hasSkillLevel'] as const;

export const CFAssociation = z.looseObject({
  identifier,
  uri,
  // CASE 1.1 opens the vocabulary with `ext:` terms; those say nothing about the hierarchy.
  associationType: z.union([z.enum(ASSOCIATION_TYPES), z.string().regex(/^ext:\S+$/)]),
  originNodeURI: LinkGenURI,
  destinationNodeURI: LinkGenURI,
  lastChangeDateTime: dateTime,
  sequenceNumber: z.number().int().optional(),
  CFDocumentURI: LinkURI.optional(),
});

export const CasePackage = z.looseObject({
  CFDocument,
  CFItems: z.array(CFItem).max(10_000).default([]),
  CFAssociations: z.array(CFAssociation).max(50_000).default([]),
});
export type CasePackage = z.infer<typeof CasePackage>;

/** The framework in `value`, a CASE package: its document's identifier is the framework id, each
 *  CFItem's identifier the item id, and `isChildOf` associations between its items the hierarchy
 *  (an item that is a child of the document itself is top-level). */
export function parseCasePackage(value: unknown): Framework {
  const what = 'CASE package';
  const parsed = CasePackage.safeParse(value);
  if (!parsed.success) throw invalid(what, detailsFromZod(parsed.error.issues));
  const { CFDocument: document, CFItems: cfItems, CFAssociations: associations } = parsed.data;

  const details: ErrorDetail[] = [];
  cfItems.forEach((item, index) => {
    if (item.CFDocumentURI && item.CFDocumentURI.identifier !== document.identifier) {
      details.push({ path: `CFItems.${index}.CFDocumentURI.identifier`, message: `belongs to document ${item.CFDocumentURI.identifier}, not ${document.identifier}` });
    }
  });

  const itemIds = new Set(cfItems.map((item) => item.identifier));
  // CASE allows an item several parents; a Framework has one: the first isChildOf (by
  // sequenceNumber, then package order) wins.
  const parentOf = new Map<string, { parent: string; sequence: number }>();
  associations.forEach((association, index) => {
    if (association.associationType !== 'isChildOf') return;
    const child = association.originNodeURI.identifier;
    const parent = association.destinationNodeURI.identifier;
    if (!itemIds.has(child)) {
      // A child outside this package concerns another document; a child that is the document is nonsense.
      if (child === document.identifier) details.push({ path: `CFAssociations.${index}.originNodeURI`, message: 'the document cannot be the child of anything' });
      return;
    }
    if (parent === document.identifier) return;
    if (!itemIds.has(parent)) {
      details.push({ path: `CFAssociations.${index}.destinationNodeURI`, message: `parent ${parent} of item ${child} is neither an item of this package nor its document` });
      return;
    }
    const sequence = association.sequenceNumber ?? Number.MAX_SAFE_INTEGER;
    const current = parentOf.get(child);
    if (!current || sequence < current.sequence) parentOf.set(child, { parent, sequence });
  });
  if (details.length) throw invalid(what, details);

  const items = cfItems.map((item): FrameworkItem => {
    const abbreviated = item.abbreviatedStatement?.trim();
    const parent = parentOf.get(item.identifier)?.parent;
    return {
      id: item.identifier,
      code: item.humanCodingScheme?.trim() || item.identifier,
      // The short statement names the skill in an alignment; the full one then describes it.
      name: abbreviated || item.fullStatement,
      ...(abbreviated ? { description: item.fullStatement } : {}),
      url: item.uri,
      ...(parent ? { parentId: parent } : {}),
    };
  });
  return frameworkOrThrow({ id: document.identifier, title: document.title, sourceUri: document.uri, items }, what, { where: (index) => `CFItems.${index}`, uniqueCodes: false });
}
