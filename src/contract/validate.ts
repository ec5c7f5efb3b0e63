import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { MethodEntry, MethodIndex, SystemError, SystemErrorTable } from '../generated';
import { loadSchemaData, loadSchemaFiles, SCHEMA_BASE } from './schema-files';
import { UnknownMethodError } from '../errors';

/** One validation failure, written for a person. */
export type RenderedError = {
  /** JSON pointer into the validated value, e.g. `/result/attach/isVoted` (`` for the whole value). */
  path: string;
  expected: string;
  received: string;
  /** Doc page (+ anchor) the rule comes from, relative to bitrix24-rest-docs/. */
  doc: string;
  /** The same facts on one line. */
  message: string;
};

export type ValidationResult = {
  ok: boolean;
  /** Which schema family was applied: the method's success schema (or params schema) or the error envelope. */
  kind: 'success' | 'error';
  schemaId: string;
  errors: RenderedError[];
};


export const ERROR_ENVELOPE_ID = `${SCHEMA_BASE}common/error.schema.json`;
const METHOD_INDEX_ID = `${SCHEMA_BASE}meta/method-index.schema.json`;
const SYSTEM_ERRORS_ID = `${SCHEMA_BASE}meta/system-errors.schema.json`;
const DOC_KEYWORD = 'x-doc';
const RECEIVED_MAX = 80;

interface Contract {
  validators: Map<string, ValidateFunction>;
  /** Schema files by `$id`, for finding the doc a failing location comes from. */
  schemas: Map<string, Record<string, unknown>>;
  methods: Map<string, MethodEntry>;
  /** Lower-cased method name -> documented spelling. */
  byLowerName: Map<string, string>;
  systemErrors: SystemError[];
}

let contract: Contract | undefined;

function load(): Contract {
  if (contract) return contract;
  const ajv = new Ajv2020({ strict: true, allErrors: true, verbose: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addVocabulary([DOC_KEYWORD]);

  const files = loadSchemaFiles();
  for (const file of files) ajv.addSchema(file.schema);
  const schemas = new Map(files.map((file) => [file.id, file.schema]));
  const validators = new Map<string, ValidateFunction>();
  for (const file of files) validators.set(file.id, ajv.getSchema(file.id) as ValidateFunction);

  const index = checkedData<MethodIndex>('methods.json', validators.get(METHOD_INDEX_ID));
  const table = checkedData<SystemErrorTable>('system-errors.json', validators.get(SYSTEM_ERRORS_ID));

  const methods = new Map(Object.entries(index.methods));
  for (const [name, entry] of methods) {
    for (const id of [entry.params, entry.response]) {
      if (!validators.has(id)) throw new Error(`schemas/methods.json: ${name} names ${id}, which no schema file declares`);
    }
  }
  contract = {
    validators,
    schemas,
    methods,
    byLowerName: new Map([...methods.keys()].map((name) => [name.toLowerCase(), name])),
    systemErrors: table.errors,
  };
  return contract;
}

function checkedData<T>(name: string, validate: ValidateFunction | undefined): T {
  const data = loadSchemaData(name);
  if (!validate) throw new Error(`no meta schema for schemas/${name}`);
  if (!validate(data)) {
    const errors = renderAll(validate.errors ?? [], data, () => `schemas/${name}`);
    throw new Error(`schemas/${name} is malformed:\n${renderErrors(errors)}`);
  }
  return data as T;
}

/** Documented method names, in the order of schemas/methods.json. */
export function knownMethods(): string[] {
  return [...load().methods.keys()];
}

/** The documented spelling of a method name given in any letter case; throws UnknownMethodError. */
export function resolveMethod(method: string): string {
  const name = load().byLowerName.get(method.toLowerCase());
  if (name === undefined) throw new UnknownMethodError(method, knownMethods());
  return name;
}

/** The index entry for a method: schema ids, doc page, documented errors. */
export function methodEntry(method: string): MethodEntry {
  return load().methods.get(resolveMethod(method)) as MethodEntry;
}

/** Error codes the method's own page lists, de-duplicated, in page order. */
export function documentedErrorCodes(method: string): string[] {
  return [...new Set(methodEntry(method).errors.map((error) => error.code))];
}

/** Errors any method can return, with their HTTP status (from schemas/system-errors.json). */
export function systemErrors(): SystemError[] {
  return load().systemErrors.map((row) => ({ ...row }));
}

/** Validates a full response body: the error envelope if it has `error`, else the method's success schema. */
export function validateResponse(method: string, body: unknown): ValidationResult {
  const entry = methodEntry(method);
  if (isRecord(body) && Object.hasOwn(body, 'error')) return run(ERROR_ENVELOPE_ID, 'error', body, entry);
  return run(entry.response, 'success', body, entry);
}

/** Validates request parameters against the method's params schema. */
export function validateParams(method: string, params: unknown): ValidationResult {
  const entry = methodEntry(method);
  return run(entry.params, 'success', params, entry);
}

/** Validates a body against the error envelope `{error, error_description}` alone. */
export function validateErrorEnvelope(body: unknown): ValidationResult {
  return run(ERROR_ENVELOPE_ID, 'error', body, undefined);
}

function run(schemaId: string, kind: ValidationResult['kind'], value: unknown, entry: MethodEntry | undefined): ValidationResult {
  const { validators, schemas } = load();
  const validate = validators.get(schemaId);
  if (!validate) throw new Error(`no schema with $id ${schemaId}`);
  const ok = validate(value);
  const errors = ok ? [] : renderAll(validate.errors ?? [], value, (path) => docFor(schemas, schemaId, path, entry));
  return { ok, kind, schemaId, errors };
}

/**
 * The doc behind a location: follow the instance path down the schema (through `$ref`, combinator
 * branches, properties, map values and array items) and keep the last `x-doc` met on the way.
 * An `x-doc` that is only an anchor (`#attach`) belongs to the method's own page.
 */
function docFor(
  schemas: Map<string, Record<string, unknown>>,
  schemaId: string,
  pointer: string,
  entry: MethodEntry | undefined,
): string {
  let doc: string | undefined;
  let at: Located | undefined = { node: schemas.get(schemaId), base: schemaId };
  const tokens = pointer === '' ? [] : pointer.slice(1).split('/').map(unescapePointer);
  const note = (located: Located): void => {
    const own = isRecord(located.node) ? located.node[DOC_KEYWORD] : undefined;
    if (typeof own === 'string') doc = own;
  };
  for (const token of [...tokens, undefined]) {
    if (!at) break;
    at = deref(schemas, at, note);
    if (token === undefined) break;
    at = childFor(schemas, at, token, note);
  }
  if (doc === undefined) return entry?.doc ?? '_includes/error-info.md';
  if (!doc.startsWith('#') || !entry) return doc;
  return entry.doc + (entry.anchors?.[doc] ?? doc);
}

interface Located {
  node: unknown;
  /** `$id` of the file the node sits in, for resolving relative `$ref`s. */
  base: string;
}

function deref(schemas: Map<string, Record<string, unknown>>, at: Located, note: (at: Located) => void): Located {
  let current = at;
  for (let hops = 0; hops < 20; hops += 1) {
    note(current);
    const ref = isRecord(current.node) ? current.node.$ref : undefined;
    if (typeof ref !== 'string') return current;
    const target = new URL(ref, current.base);
    const fragment = decodeURIComponent(target.hash.replace(/^#/, ''));
    target.hash = '';
    current = { node: valueAt(schemas.get(target.href), fragment), base: target.href };
  }
  return current;
}

function childFor(
  schemas: Map<string, Record<string, unknown>>,
  at: Located,
  token: string,
  note: (at: Located) => void,
): Located | undefined {
  const node = at.node;
  if (!isRecord(node)) return undefined;
  const properties = node.properties;
  if (isRecord(properties) && isRecord(properties[token])) return { node: properties[token], base: at.base };
  if (isRecord(node.additionalProperties)) return { node: node.additionalProperties, base: at.base };
  if (isRecord(node.items)) return { node: node.items, base: at.base };
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const branches = node[keyword];
    if (!Array.isArray(branches)) continue;
    for (const branch of branches) {
      let branchDoc: Located | undefined;
      const resolved = deref(schemas, { node: branch, base: at.base }, (located) => {
        branchDoc = branchDoc ?? located;
      });
      const child = childFor(schemas, resolved, token, () => {});
      if (child) {
        if (branchDoc) deref(schemas, { node: branch, base: at.base }, note);
        return child;
      }
    }
  }
  return undefined;
}

/** The one human rendering of validation errors, shared by the CLI and the suite. */
export function renderErrors(errors: RenderedError[]): string {
  return errors
    .map((error) =>
      [
        `${displayPath(error.path)}`,
        `  expected ${error.expected}`,
        `  received ${error.received}`,
        `  doc      ${error.doc}`,
      ].join('\n'),
    )
    .join('\n');
}

function displayPath(pointer: string): string {
  return pointer === '' ? '(whole body)' : pointer;
}

function renderAll(raw: ErrorObject[], root: unknown, doc: (path: string) => string): RenderedError[] {
  const rendered: RenderedError[] = [];
  const seen = new Set<string>();
  for (const error of collapse(raw)) {
    const item = renderOne(error, root, doc);
    const key = `${item.path}\u0000${item.expected}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rendered.push(item);
  }
  return rendered;
}

/**
 * Keeps the errors a person needs. ajv reports an `anyOf`/`oneOf` failure right after the errors
 * of its branches, which sit at or below the combinator's location. The combinator's message
 * stands alone when no branch got further than that location; when some branch failed deeper
 * inside the value, those deeper errors are more telling and the combinator's message is dropped.
 * `propertyNames` wrappers are dropped in favour of the inner error that names the key.
 */
function collapse(raw: ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  raw.forEach((combinator, index) => {
    if (combinator.keyword !== 'anyOf' && combinator.keyword !== 'oneOf') return;
    const branch: ErrorObject[] = [];
    for (let before = index - 1; before >= 0; before -= 1) {
      const error = raw[before] as ErrorObject;
      if (!isWithin(error.instancePath, combinator.instancePath)) break;
      branch.push(error);
    }
    const live = branch.filter((error) => !dropped.has(error));
    const deeper = live.filter(
      (error) => error.instancePath !== combinator.instancePath && error.keyword !== 'false schema',
    );
    if (deeper.length > 0) {
      dropped.add(combinator);
      for (const error of live) {
        if (error.instancePath === combinator.instancePath || error.keyword === 'false schema') dropped.add(error);
      }
    } else {
      for (const error of live) dropped.add(error);
    }
  });
  for (const error of raw) if (error.keyword === 'propertyNames') dropped.add(error);
  return raw.filter((error) => !dropped.has(error));
}

function isWithin(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}

function renderOne(error: ErrorObject, root: unknown, doc: (path: string) => string): RenderedError {
  const parent = error.parentSchema;
  let path = error.instancePath;
  let expected: string;
  let received: string;
  const params = error.params as Record<string, unknown>;

  if (error.propertyName !== undefined) {
    path = `${error.instancePath}/${escapePointer(error.propertyName)}`;
    expected = `a key ${describeKeyword(error)}`;
    received = `key ${show(error.propertyName)}`;
  } else if (error.keyword === 'required') {
    const missing = String(params.missingProperty);
    path = `${error.instancePath}/${escapePointer(missing)}`;
    const fieldSchema = isRecord(parent) && isRecord(parent.properties) ? parent.properties[missing] : undefined;
    expected = `field "${missing}" to be present${fieldSchema === undefined ? '' : ` (${describeSchema(fieldSchema)})`}`;
    received = 'nothing: the field is absent';
  } else {
    expected = describeKeyword(error);
    received = show(valueAt(root, path));
  }
  const where = doc(error.keyword === 'required' ? error.instancePath : path);
  return {
    path,
    expected,
    received,
    doc: where,
    message: `${displayPath(path)}: expected ${expected}, received ${received} (${where})`,
  };
}

function describeKeyword(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const parent = isRecord(error.parentSchema) ? error.parentSchema : {};
  switch (error.keyword) {
    case 'type':
      return `${Array.isArray(params.type) ? params.type.join(' or ') : String(params.type)}${titleSuffix(parent)}`;
    case 'anyOf':
    case 'oneOf': {
      const passing = params.passingSchemas;
      const what = typeof parent.description === 'string' ? parent.description : describeSchema(parent);
      return Array.isArray(passing) ? `${what} (exactly one form, but ${passing.length} matched)` : what;
    }
    case 'enum':
      return `one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
    case 'const':
      return JSON.stringify(params.allowedValue);
    case 'pattern':
      return `matching ${String(params.pattern)}${descriptionSuffix(parent)}`;
    case 'format':
      return `a ${String(params.format)} string${descriptionSuffix(parent)}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `a number ${String(params.comparison)} ${String(params.limit)}`;
    case 'minItems':
      return `an array with at least ${String(params.limit)} item(s)`;
    case 'maxItems':
      return Number(params.limit) === 0 ? 'an empty array []' : `an array with at most ${String(params.limit)} items`;
    case 'minProperties':
      return `an object with at least ${String(params.limit)} key(s)`;
    case 'minLength':
      return `a string of at least ${String(params.limit)} character(s)`;
    case 'false schema':
      return 'no such field here';
    default:
      return error.message ?? error.keyword;
  }
}

/** A short description of what a schema accepts, for `required` and combinator errors. */
function describeSchema(schema: unknown): string {
  if (!isRecord(schema)) return 'any value';
  if (typeof schema.title === 'string') return schema.title;
  if (typeof schema.$ref === 'string') return refName(schema.$ref);
  if (Array.isArray(schema.type)) return schema.type.join(' or ');
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((value) => JSON.stringify(value)).join(', ')}`;
  const branches = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(branches)) return branches.map(describeSchema).join(' or ');
  return 'any value';
}

function refName(ref: string): string {
  const file = `/${ref.split('/').pop() ?? ref}`;
  for (const [id, schema] of load().schemas) {
    if (id.endsWith(file) && typeof schema.title === 'string') return schema.title;
  }
  return file.slice(1);
}

function titleSuffix(schema: Record<string, unknown>): string {
  return typeof schema.title === 'string' ? ` (${schema.title})` : '';
}

function descriptionSuffix(schema: Record<string, unknown>): string {
  return typeof schema.description === 'string' ? ` (${schema.description})` : '';
}

function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let node: unknown = root;
  for (const token of pointer.slice(1).split('/')) {
    const key = unescapePointer(token);
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isRecord(node)) node = node[key];
    else return undefined;
  }
  return node;
}

function unescapePointer(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The received value as JSON, cut to a readable length. */
function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  const kind = Array.isArray(value) ? 'array ' : isRecord(value) ? 'object ' : '';
  return kind + (text.length > RECEIVED_MAX ? `${text.slice(0, RECEIVED_MAX - 1)}…` : text);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
