// JSON-LD → RDF for eddsa-rdfc-2022 without jsonld.toRDF's cost, for the documents Tessera meets
// every day: every @context a bundled URL and every term defined. It is jsonld 9's own expansion
// (expand.js), reduced to node objects, @id, @type, scalars, arrays and type-/property-scoped
// contexts, run over processed contexts that are computed once per process instead of cloned per
// document and per type (where the reference spends its time). Anything else — an inline or unknown
// context, an undefined term, a value object, a list, a language map, a relative or blank-node IRI —
// makes it answer `undefined`, and the caller canonizes with jsonld instead: the fast path either
// yields exactly jsonld's dataset or declines. Safe mode therefore holds: what jsonld would refuse,
// the fast path declines, and jsonld then refuses it as before.
import jsonldContext from 'jsonld/lib/context.js';
import ContextResolver from 'jsonld/lib/ContextResolver.js';
import jsonldTypes from 'jsonld/lib/types.js';
import jsonldUrl from 'jsonld/lib/url.js';
import { BUNDLED_CONTEXTS } from './contexts.ts';

/** jsonld's processed (active) context: what this module reads of it. */
export type ActiveContext = {
  mappings: Map<string, Record<string, unknown>>;
  previousContext?: ActiveContext;
};

type NamedNode = { termType: 'NamedNode'; value: string };
type BlankNode = { termType: 'BlankNode'; value: string };
type Literal = { termType: 'Literal'; value: string; datatype: NamedNode };
type ObjectTerm = NamedNode | BlankNode | Literal;
/** A quad as jsonld.toRDF hands it to rdf-canonize. */
type GraphTerm = { termType: 'DefaultGraph'; value: '' } | BlankNode;
export type Quad = { subject: NamedNode | BlankNode; predicate: NamedNode; object: ObjectTerm; graph: GraphTerm };

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const XSD_STRING = `${XSD}string`;
const XSD_BOOLEAN = `${XSD}boolean`;
const XSD_DOUBLE = `${XSD}double`;
const XSD_INTEGER = `${XSD}integer`;
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDF_TYPE = `${RDF}type`;
const RDF_FIRST = `${RDF}first`;
const RDF_REST = `${RDF}rest`;
const RDF_NIL = `${RDF}nil`;
const DEFAULT_GRAPH: GraphTerm = { termType: 'DefaultGraph', value: '' };

/** Thrown inside to decline; never leaves this module. */
class Unsupported extends Error {}
const decline = (why: string): never => {
  throw new Unsupported(why);
};

// Context processing sees only bundled contexts: a scoped context naming anything else declines.
const bundledLoader = async (url: string) => {
  const document = BUNDLED_CONTEXTS.get(url);
  if (document === undefined) decline(`context ${url} is not bundled`);
  return { contextUrl: null, documentUrl: url, document };
};
const processingOptions = {
  base: null,
  safe: true,
  isFrame: false,
  keepFreeFloatingNodes: false,
  documentLoader: bundledLoader,
  contextResolver: new ContextResolver({ sharedCache: new Map() }),
};
const initialContext = jsonldContext.getInitialContext(processingOptions) as ActiveContext;

// Processed contexts, computed once: by the document's list of context URLs at the top (bounded,
// since a caller chooses that list), then by (active context, scoped context object, mode) below
// it, where every scoped context comes from a bundled document and so the set is finite.
const MAX_TOP_CONTEXTS = 64;
const topContexts = new Map<string, ActiveContext>();
const scopedContexts = new WeakMap<ActiveContext, Map<unknown, ActiveContext>>();
type Mode = 'property' | 'type';

async function processScoped(active: ActiveContext, local: unknown, mode: Mode): Promise<ActiveContext> {
  let byLocal = scopedContexts.get(active);
  if (!byLocal) scopedContexts.set(active, (byLocal = new Map()));
  // The same scoped context may be applied as a property's and as a type's: the modes differ.
  let byMode = byLocal.get(local) as Map<Mode, ActiveContext> | undefined;
  if (!byMode) byLocal.set(local, (byMode = new Map() as never));
  let processed = byMode.get(mode);
  if (!processed) {
    processed = (await jsonldContext.process({
      activeCtx: active,
      localCtx: local,
      options: processingOptions,
      propagate: mode !== 'type',
      overrideProtected: mode === 'property',
    })) as ActiveContext;
    byMode.set(mode, processed);
  }
  return processed;
}

async function processTop(contexts: unknown): Promise<ActiveContext> {
  const urls = Array.isArray(contexts) ? contexts : [contexts];
  if (!urls.every((url) => typeof url === 'string' && BUNDLED_CONTEXTS.has(url))) decline('an @context that is not a bundled URL');
  const key = urls.join('\n');
  let processed = topContexts.get(key);
  if (!processed) {
    processed = (await jsonldContext.process({ activeCtx: initialContext, localCtx: contexts, options: processingOptions })) as ActiveContext;
    if (topContexts.size >= MAX_TOP_CONTEXTS) topContexts.clear();
    topContexts.set(key, processed);
  }
  return processed;
}

// Embedded contexts, per active context; a document chooses them, so only so many are remembered.
const MAX_EMBEDDED_PER_CONTEXT = 16;
const embeddedContexts = new WeakMap<ActiveContext, Map<string, ActiveContext>>();

async function processEmbedded(active: ActiveContext, contexts: unknown): Promise<ActiveContext> {
  const urls = Array.isArray(contexts) ? contexts : [contexts];
  if (!urls.every((url) => typeof url === 'string' && BUNDLED_CONTEXTS.has(url))) decline('an embedded @context that is not a bundled URL');
  const key = urls.join('\n');
  let byUrls = embeddedContexts.get(active);
  if (!byUrls) embeddedContexts.set(active, (byUrls = new Map()));
  let processed = byUrls.get(key);
  if (!processed) {
    processed = (await jsonldContext.process({ activeCtx: active, localCtx: contexts, options: processingOptions })) as ActiveContext;
    if (byUrls.size < MAX_EMBEDDED_PER_CONTEXT) byUrls.set(key, processed);
  }
  return processed;
}

const expandIri = (ctx: ActiveContext, value: string, relativeTo: { vocab?: boolean; base?: boolean }): string | null =>
  jsonldContext.expandIri(ctx, value, relativeTo, processingOptions) as string | null;
const contextValue = (ctx: ActiveContext, key: string | null, type: string): unknown => jsonldContext.getContextValue(ctx, key, type);
const isKeyword = (value: string): boolean => jsonldContext.isKeyword(value) as boolean;

/** What expansion reads of a term in an active context, resolved once per (context, term). */
type Term = { iri: string | null; container: string[]; type: string | null; scoped: unknown; reverse: boolean; language: unknown; direction: unknown };
// A document may use terms no context defines (expanded through @vocab): only so many are remembered per context.
const MAX_TERMS_PER_CONTEXT = 1024;
const termTables = new WeakMap<ActiveContext, Map<string, Term>>();

function term(ctx: ActiveContext, key: string): Term {
  let table = termTables.get(ctx);
  if (!table) termTables.set(ctx, (table = new Map()));
  let found = table.get(key);
  if (!found) {
    found = {
      iri: expandIri(ctx, key, { vocab: true }),
      container: (contextValue(ctx, key, '@container') as string[] | null) ?? [],
      type: contextValue(ctx, key, '@type') as string | null,
      scoped: contextValue(ctx, key, '@context'),
      reverse: Boolean(ctx.mappings.get(key)?.reverse),
      language: contextValue(ctx, key, '@language'),
      direction: contextValue(ctx, key, '@direction'),
    };
    if (table.size < MAX_TERMS_PER_CONTEXT) table.set(key, found);
  }
  return found;
}

/** An IRI jsonld.toRDF keeps as a named node: absolute, not a blank node label. */
function namedNode(iri: string | null, what: string): NamedNode {
  if (iri === null || !jsonldUrl.isAbsolute(iri) || iri.startsWith('_:')) decline(`${what} "${String(iri)}" is not an absolute IRI`);
  return { termType: 'NamedNode', value: iri as string };
}

function literal(value: string, datatype: string): Literal {
  return { termType: 'Literal', value, datatype: { termType: 'NamedNode', value: datatype } };
}

/** One document's expansion: the quads found so far and the blank nodes handed out. */
class Expansion {
  readonly quads: Quad[] = [];
  private blankNodes = 0;
  /** Where quads go: the default graph, or the blank-node graph of a @graph container's value (a proof). */
  private graph: GraphTerm = DEFAULT_GRAPH;
  /** The node object expanded last: how many keys it has, and whether @id is one of them. */
  private lastNode = { keys: 0, named: false };

  blankNode(): BlankNode {
    return { termType: 'BlankNode', value: `_:b${this.blankNodes++}` };
  }

  /** api.expand for a property's value (or the document), as the terms it yields. */
  async value(ctx: ActiveContext, activeProperty: string | null, element: unknown, typeScoped: ActiveContext | null): Promise<ObjectTerm[]> {
    if (element === null || element === undefined) return [];
    if (Array.isArray(element)) {
      if (activeProperty !== null && term(ctx, activeProperty).container.includes('@list')) decline('a list');
      const terms: ObjectTerm[] = [];
      for (const item of element) terms.push(...(await this.value(ctx, activeProperty, item, typeScoped)));
      return terms;
    }
    if (typeof element === 'object') return [await this.node(ctx, activeProperty, element as Record<string, unknown>, typeScoped)];
    if (activeProperty === null) decline('a free-floating scalar');
    return [this.scalar(ctx, activeProperty as string, element)];
  }

  /** api.expand's object branch, then _expandObject, for a node object; returns its subject. */
  private async node(ctx: ActiveContext, activeProperty: string | null, element: Record<string, unknown>, typeScoped: ActiveContext | null): Promise<NamedNode | BlankNode> {
    const parent = activeProperty === null ? undefined : term(ctx, activeProperty);
    if (parent && isKeyword(parent.iri ?? '')) decline('a keyword as a property');
    const propertyScoped = parent?.scoped;
    const typeScopedContext = typeScoped ?? (ctx.previousContext ? ctx : null);
    const keys = Object.keys(element).sort();
    let mustRevert = true;
    if (typeScopedContext && keys.length <= 2 && !keys.includes('@context')) {
      for (const key of keys) {
        const expanded = term(typeScopedContext, key).iri;
        if (expanded === '@value') decline('a value object');
        if (expanded === '@id' && keys.length === 1) {
          mustRevert = false;
          break;
        }
      }
    }
    // revertToPreviousContext() would clone the previous context; reading it is the same and keeps the cache's identity.
    let active = mustRevert && ctx.previousContext ? ctx.previousContext : ctx;
    if (propertyScoped !== undefined) active = await processScoped(active, propertyScoped, 'property');
    // An embedded credential (an endorsement) names its own contexts; bundled URLs only, as at the top.
    if ('@context' in element) active = activeProperty === null ? await processTop(element['@context']) : await processEmbedded(active, element['@context']);
    const nodeTypeScoped = active;
    for (const key of keys) {
      if (term(active, key).iri !== '@type') continue;
      const value = element[key];
      const types = Array.isArray(value) ? (value.length > 1 ? [...value].sort() : value) : [value];
      for (const type of types) {
        if (typeof type !== 'string') decline('a @type that is not a string');
        const scoped = term(nodeTypeScoped, type as string).scoped;
        if (scoped !== undefined) active = await processScoped(active, scoped, 'type');
      }
    }
    return this.properties(active, element, keys, nodeTypeScoped);
  }

  private async properties(ctx: ActiveContext, element: Record<string, unknown>, keys: string[], typeScoped: ActiveContext): Promise<NamedNode | BlankNode> {
    let subject: NamedNode | undefined;
    const types: NamedNode[] = [];
    const properties: [NamedNode, ObjectTerm[]][] = [];
    // The keys the expanded node object would have (safe mode drops a graph's node with too few).
    const expandedKeys = new Set<string>();
    for (const key of keys) {
      if (key === '@context') continue;
      const value = element[key];
      const definition = term(ctx, key);
      const expanded = definition.iri;
      if (expanded === null) decline(`the term "${key}" is not defined`);
      if (isKeyword(expanded as string)) {
        if (expanded === '@id') {
          if (subject !== undefined || typeof value !== 'string') decline('an @id that is not one string');
          subject = namedNode(expandIri(ctx, value as string, { base: true }), '@id');
        } else if (expanded === '@type') {
          for (const type of Array.isArray(value) ? value : [value]) {
            if (typeof type !== 'string') decline('a @type that is not a string');
            types.push(namedNode(expandIri(typeScoped, type as string, { base: true, vocab: true }), '@type'));
          }
        } else {
          decline(`the keyword ${String(expanded)}`);
        }
        expandedKeys.add(expanded as string);
        continue;
      }
      const predicate = namedNode(expanded, `the property "${key}"`);
      if (definition.reverse) decline('a reverse property');
      const container = definition.container;
      const isList = container.length === 1 && container[0] === '@list';
      const isGraph = container.includes('@graph') && container.every((c) => c === '@graph' || c === '@set');
      if (!isList && !isGraph && container.some((c) => c !== '@set')) decline(`the container ${container.join(', ')}`);
      if (definition.type === '@json') decline('a JSON literal');
      const scoped = definition.scoped;
      const termCtx = scoped === undefined ? ctx : await processScoped(ctx, scoped, 'property');
      if (isGraph) {
        const graphs = await this.graphs(termCtx, key, value);
        if (graphs.length) expandedKeys.add(predicate.value);
        properties.push([predicate, graphs]);
      } else {
        if (value === null) continue;
        expandedKeys.add(predicate.value);
        properties.push([predicate, isList ? [await this.list(termCtx, key, value)] : await this.value(termCtx, key, value, null)]);
      }
    }
    this.lastNode = { keys: expandedKeys.size, named: subject !== undefined };
    const node = subject ?? this.blankNode();
    for (const type of types) this.quads.push({ subject: node, predicate: { termType: 'NamedNode', value: RDF_TYPE }, object: type, graph: this.graph });
    for (const [predicate, objects] of properties) {
      for (const object of objects) this.quads.push({ subject: node, predicate, object, graph: this.graph });
    }
    return node;
  }

  /** A property with a @graph container (a proof in VC 2.0): each value is a node in a graph of its
   *  own, named by a blank node, which is what the property points at. */
  private async graphs(ctx: ActiveContext, activeProperty: string, value: unknown): Promise<BlankNode[]> {
    const names: BlankNode[] = [];
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === null) continue;
      // Anything but a node object is jsonld's to judge.
      if (typeof item !== 'object' || Array.isArray(item)) decline('a @graph container value that is not a node object');
      const name = this.blankNode();
      const outer = this.graph;
      this.graph = name;
      try {
        await this.value(ctx, activeProperty, item, null);
      } finally {
        this.graph = outer;
      }
      // Safe mode refuses the node jsonld would drop here: an empty one, or a bare reference.
      if (this.lastNode.keys === 0 || (this.lastNode.keys === 1 && this.lastNode.named)) decline('a @graph container value with nothing but a reference');
      names.push(name);
    }
    return names;
  }

  /** A property with an @list container: its values in order, as toRdf's _listToRDF chains them. */
  private async list(ctx: ActiveContext, activeProperty: string, value: unknown): Promise<NamedNode | BlankNode> {
    const items: ObjectTerm[] = [];
    for (const item of Array.isArray(value) ? value : [value]) {
      if (Array.isArray(item)) decline('a list of lists');
      items.push(...(await this.value(ctx, activeProperty, item, null)));
    }
    let rest: NamedNode | BlankNode = { termType: 'NamedNode', value: RDF_NIL };
    for (const item of items.reverse()) {
      const cell = this.blankNode();
      this.quads.push({ subject: cell, predicate: { termType: 'NamedNode', value: RDF_FIRST }, object: item, graph: this.graph });
      this.quads.push({ subject: cell, predicate: { termType: 'NamedNode', value: RDF_REST }, object: rest, graph: this.graph });
      rest = cell;
    }
    return rest;
  }

  /** _expandValue, then toRdf's _objectToRDF, for a scalar. */
  private scalar(ctx: ActiveContext, activeProperty: string, value: unknown): ObjectTerm {
    const { type, language, direction } = term(ctx, activeProperty);
    if (type === '@id' && typeof value === 'string') return namedNode(expandIri(ctx, value, { base: true }), 'an @id value');
    if (type === '@vocab' && typeof value === 'string') return namedNode(expandIri(ctx, value, { vocab: true, base: true }), 'a @vocab value');
    let datatype: string | null = null;
    if (type && !['@id', '@vocab', '@none'].includes(type)) datatype = namedNode(type, 'a datatype').value;
    else if (typeof value === 'string' && (language !== null || direction !== null)) {
      decline('a language-tagged string');
    }
    if (typeof value === 'boolean') return literal(value.toString(), datatype ?? XSD_BOOLEAN);
    if (jsonldTypes.isDouble(value) || (datatype === XSD_DOUBLE && (typeof value === 'number' || typeof value === 'string'))) {
      const number = typeof value === 'number' ? value : Number.parseFloat(value as string);
      return literal(number.toExponential(15).replace(/(\d)0*e\+?/, '$1E'), datatype ?? XSD_DOUBLE);
    }
    if (typeof value === 'number') return literal(value.toFixed(0), datatype ?? XSD_INTEGER);
    if (typeof value === 'string') return literal(value, datatype ?? XSD_STRING);
    return decline('a value that is not a string, number or boolean');
  }
}

/** Each quad once, as jsonld's node map leaves it (the same value twice on a node is one value). */
function distinct(quads: Quad[]): Quad[] {
  const seen = new Set<string>();
  return quads.filter(({ subject, predicate, object, graph }) => {
    // Length-prefixed parts: no two different quads share a key, whatever their strings hold.
    const datatype = object.termType === 'Literal' ? object.datatype.value : '';
    const key = `${subject.termType[0]}${subject.value.length}:${subject.value}${predicate.value.length}:${predicate.value}${object.termType[0]}${object.value.length}:${object.value}${datatype.length}:${datatype}${graph.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export type Compiled = { dataset: Quad[] } | { declined: string };

/**
 * The RDF dataset jsonld.toRDF (safe mode, base null) makes of `document`, or why this path
 * declines it (it uses something not compiled here): then only jsonld can say what it means.
 */
export async function compileDataset(document: unknown): Promise<Compiled> {
  if (typeof document !== 'object' || document === null || Array.isArray(document) || !('@context' in document)) return { declined: 'not a JSON-LD document with an @context' };
  try {
    const expansion = new Expansion();
    await expansion.value(initialContext, null, document, null);
    return { dataset: distinct(expansion.quads) };
  } catch (error) {
    // Unsupported, or jsonld's context processing refused something (a protected term redefined,
    // say): jsonld itself will refuse it the same way on the generic path, with its own message.
    return { declined: error instanceof Error ? error.message : String(error) };
  }
}

export async function compiledDataset(document: unknown): Promise<Quad[] | undefined> {
  const compiled = await compileDataset(document);
  return 'dataset' in compiled ? compiled.dataset : undefined;
}
