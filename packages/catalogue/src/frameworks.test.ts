// Fixtures: fixtures/case-digital-skills.json is a CASE 1.0 CFPackage written by hand in the shape
// of the IMS CASE Service 1.0 Information Model (CFPackage, CFDocument, CFItem, CFAssociation,
// LinkURI) and its REST binding's JSON; fixtures/digital-skills.csv is the same framework as CSV.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validationDetails } from '../../core/src/test-helpers.ts';
import { parseCasePackage } from './case-package.ts';
import { csvItemId, parseFrameworkCsv, uuidV5 } from './framework-csv.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests edit this fixture freely to break it
const casePackage = () => JSON.parse(fixture('case-digital-skills.json')) as Record<string, any>;
const CASE_ITEMS = 'https://case.example.edu/ims/case/v1p0/CFItems/';
const DOC = 'c1a0f3a2-5b1e-4c7e-9a51-0d2f6b8e7a10';
const item = (n: number) => `0b7e5c1d-2f4a-4e8b-9c3d-1a2b3c4d5e0${n}`;

const refusal = validationDetails;

describe('parseCasePackage', () => {
  it('normalizes a CASE package: document identifier as framework id, CFItem identifiers as item ids, isChildOf as parents', () => {
    // Act
    const framework = parseCasePackage(casePackage());

    // Assess
    expect(framework).toEqual({
      id: DOC,
      title: 'Tessera Demo Digital Skills Framework',
      sourceUri: `https://case.example.edu/ims/case/v1p0/CFDocuments/${DOC}`,
      items: [
        {
          id: item(1),
          code: 'DS.1',
          name: 'Information literacy',
          description: 'Articulates information needs, searches for data, information and content in digital environments, and navigates between them.',
          url: CASE_ITEMS + item(1),
        },
        { id: item(2), code: 'DS.1.1', name: 'Browses, searches and filters data, information and digital content.', url: CASE_ITEMS + item(2), parentId: item(1) },
        {
          id: item(3),
          code: 'DS.1.2',
          name: 'Evaluating sources',
          description: 'Analyses, compares and critically evaluates the credibility and reliability of sources of data, information and digital content.',
          url: CASE_ITEMS + item(3),
          parentId: item(1),
        },
        {
          id: item(4),
          code: 'DS.2',
          name: 'Digital content creation',
          description: 'Creates and edits digital content in different formats and expresses oneself through digital means.',
          url: CASE_ITEMS + item(4),
        },
      ],
    });
  });

  it('gives the same ids on re-import, even with items reordered and a statement changed', () => {
    // Prepare
    const again = casePackage();
    again.CFItems.reverse();
    again.CFItems[0].fullStatement = 'Creates, edits and publishes digital content.';

    // Act
    const ids = (pkg: unknown) => Object.fromEntries(parseCasePackage(pkg).items.map((i) => [i.code, i.id]));

    // Assess
    expect(ids(again)).toEqual(ids(casePackage()));
  });

  it('accepts a package with no associations or items (a document alone) and uses the identifier when there is no code', () => {
    const pkg = casePackage();
    delete pkg.CFAssociations;
    delete pkg.CFItems[0].humanCodingScheme;
    expect(parseCasePackage(pkg).items[0]).toMatchObject({ id: item(1), code: item(1) });
    expect(parseCasePackage({ CFDocument: casePackage().CFDocument }).items).toEqual([]);
  });

  it('names each missing or malformed property by its path', () => {
    // Prepare
    const pkg = casePackage();
    delete pkg.CFDocument.title;
    pkg.CFItems[1].identifier = 'not-a-uuid';
    delete pkg.CFItems[2].fullStatement;
    pkg.CFItems[3].lastChangeDateTime = 'yesterday';
    pkg.CFAssociations[0].associationType = 'isFriendOf';

    // Act
    const paths = refusal(() => parseCasePackage(pkg)).map((d) => d.path);

    // Assess
    expect(paths).toEqual(
      expect.arrayContaining(['CFDocument.title', 'CFItems.1.identifier', 'CFItems.2.fullStatement', 'CFItems.3.lastChangeDateTime', 'CFAssociations.0.associationType']),
    );
  });

  it('refuses a parent outside the package, an item of another document, a duplicate item and a parent cycle', () => {
    // Prepare
    const outside = casePackage();
    outside.CFAssociations[2].destinationNodeURI.identifier = '99999999-9999-4999-8999-999999999999';
    const foreign = casePackage();
    foreign.CFItems[0].CFDocumentURI.identifier = '99999999-9999-4999-8999-999999999999';
    const duplicate = casePackage();
    duplicate.CFItems.push({ ...duplicate.CFItems[0] });
    const cycle = casePackage();
    cycle.CFAssociations[0] = { ...cycle.CFAssociations[2], originNodeURI: cycle.CFAssociations[2].destinationNodeURI, destinationNodeURI: cycle.CFAssociations[2].originNodeURI };

    // Act + Assess
    expect(refusal(() => parseCasePackage(outside))).toEqual([
      {
        path: 'CFAssociations.2.destinationNodeURI',
        message: `parent 99999999-9999-4999-8999-999999999999 of item ${item(2)} is neither an item of this package nor its document`,
      },
    ]);
    expect(refusal(() => parseCasePackage(foreign))).toEqual([
      { path: 'CFItems.0.CFDocumentURI.identifier', message: `belongs to document 99999999-9999-4999-8999-999999999999, not ${DOC}` },
    ]);
    expect(refusal(() => parseCasePackage(duplicate))).toEqual([{ path: 'CFItems.4', message: `duplicate item id ${item(1)} (also CFItems.0)` }]);
    expect(refusal(() => parseCasePackage(cycle)).map((d) => d.message)).toEqual([
      'item DS.1 is its own ancestor (a parent cycle)',
      'item DS.1.1 is its own ancestor (a parent cycle)',
    ]);
  });

  it('takes the first parent by sequenceNumber when CASE gives an item several', () => {
    // Prepare: DS.1.2 is also a child of DS.2, with a lower sequence number
    const pkg = casePackage();
    pkg.CFAssociations.push({
      ...pkg.CFAssociations[3],
      identifier: '5f1d2e3c-4b5a-4697-8a1b-2c3d4e5f6099',
      sequenceNumber: 0,
      destinationNodeURI: pkg.CFAssociations[1].originNodeURI,
    });

    // Act + Assess
    expect(parseCasePackage(pkg).items[2]!.parentId).toBe(item(4));
  });

  it('is a 400 for something that is not a package at all', () => {
    expect(refusal(() => parseCasePackage('<xml/>'))).toEqual([{ path: '(root)', message: expect.any(String) }]);
    expect(refusal(() => parseCasePackage({})).map((d) => d.path)).toEqual(['CFDocument']);
  });
});

describe('parseFrameworkCsv', () => {
  const options = { id: 'digital-skills', title: 'Digital skills', itemUrl: ({ id }: { id: string }) => `https://badges.uni.edu/frameworks/digital-skills/items/${id}` };

  it('normalizes the CSV fixture: codes, names, descriptions with commas, quotes and line breaks, parents by code', () => {
    // Act
    const framework = parseFrameworkCsv(fixture('digital-skills.csv'), options);

    // Assess
    const id = (code: string) => csvItemId('digital-skills', code);
    expect(framework).toEqual({
      id: 'digital-skills',
      title: 'Digital skills',
      items: [
        {
          id: id('DS.1'),
          code: 'DS.1',
          name: 'Information literacy',
          description: 'Articulates information needs, searches for data and navigates between them.',
          url: options.itemUrl({ id: id('DS.1') }),
        },
        {
          id: id('DS.1.1'),
          code: 'DS.1.1',
          name: 'Browsing and filtering',
          description: 'Browses, searches and filters data, information and digital content.',
          url: options.itemUrl({ id: id('DS.1.1') }),
          parentId: id('DS.1'),
        },
        {
          id: id('DS.1.2'),
          code: 'DS.1.2',
          name: 'Evaluating sources',
          description: 'Critically evaluates the credibility of sources; says "why" in one line.',
          url: options.itemUrl({ id: id('DS.1.2') }),
          parentId: id('DS.1'),
        },
        {
          id: id('DS.2'),
          code: 'DS.2',
          name: 'Digital content creation',
          description: 'Creates and edits digital content\nin different formats.',
          url: options.itemUrl({ id: id('DS.2') }),
        },
      ],
    });
  });

  it('derives item ids from framework id and code only: stable on re-import, distinct across frameworks', () => {
    // Prepare
    const reordered = 'name,code,parent\nDigital content creation (renamed),DS.2,\nInformation literacy,DS.1,\n';

    // Act
    const first = parseFrameworkCsv(fixture('digital-skills.csv'), options);
    const again = parseFrameworkCsv(reordered, options);
    const other = parseFrameworkCsv(reordered, { ...options, id: 'other' });

    // Assess
    expect(again.items.find((i) => i.code === 'DS.2')!.id).toBe(first.items.find((i) => i.code === 'DS.2')!.id);
    expect(other.items[0]!.id).not.toBe(again.items[0]!.id);
    expect(first.items[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('computes RFC 9562 version 5 UUIDs (the DNS namespace example)', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('uses a url column when given, and checks it', () => {
    const framework = parseFrameworkCsv('code,name,url\nS1,Teamwork,http://data.europa.eu/esco/skill/abc\n', options);
    expect(framework.items[0]!.url).toBe('http://data.europa.eu/esco/skill/abc');
    expect(refusal(() => parseFrameworkCsv('code,name,url\nS1,Teamwork,not a url\n', options))).toEqual([{ path: 'line 2', message: 'url "not a url" is not a URL' }]);
  });

  it('names each bad row by its line: empty code or name, wrong field count, unknown parent, duplicate code', () => {
    // Prepare
    const csv = ['code,name,description,parent', 'A,Alpha,,', ',Nameless,,', 'B,,,', 'C,Gamma,too,many,fields', 'D,Delta,,Z', 'A,Again,,'].join('\r\n');

    // Act
    const details = refusal(() => parseFrameworkCsv(csv, options));

    // Assess
    expect(details).toEqual([
      { path: 'line 3', message: 'code is empty' },
      { path: 'line 4', message: 'name is empty' },
      { path: 'line 5', message: 'expected 4 fields, found 5' },
      { path: 'line 6', message: 'parent "Z" is not the code of any row' },
    ]);
    expect(refusal(() => parseFrameworkCsv('code,name\nA,Alpha\nA,Again\n', options))).toEqual([
      { path: 'line 3', message: `duplicate item id ${csvItemId('digital-skills', 'A')} (also line 2)` },
      { path: 'line 3', message: 'duplicate code "A" (also line 2)' },
    ]);
  });

  it('refuses a parent cycle, a bad header and broken quoting, naming the line', () => {
    expect(refusal(() => parseFrameworkCsv('code,name,parent\nA,Alpha,B\nB,Beta,A\n', options)).map((d) => d.path)).toEqual(['line 2', 'line 3']);
    expect(refusal(() => parseFrameworkCsv('code,title,parent\nA,Alpha,\n', options))).toEqual([
      { path: 'line 1', message: 'unknown column "title" (expected code, name, description, parent, url)' },
      { path: 'line 1', message: 'the header has no "name" column' },
    ]);
    expect(refusal(() => parseFrameworkCsv('code,name\nA,"Alpha\n', options))).toEqual([{ path: 'line 2', message: 'a quoted field is never closed' }]);
    expect(refusal(() => parseFrameworkCsv('', options))).toEqual([{ path: 'line 1', message: expect.stringMatching(/empty/) }]);
  });
});
