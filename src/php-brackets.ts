/**
 * PHP bracket names, both ways: the one codec the client encodes with and the reference portal
 * (and replay) decode with.
 *
 * Encoding writes what PHP's `http_build_query` writes, as the docs
 * (settings/how-to-call-rest-api/data-encoding.md) show it:
 *
 * - nested objects become `a[b][c]=v`;
 * - arrays become indexed keys, `ballot[12][0]=5&ballot[12][1]=6` (PHP reads `ballot[12][]=5`
 *   the same way, but indexed keys keep the order explicit and the recordings stable);
 * - `true`/`false` become `1`/`0`, numbers their decimal text;
 * - `null`, `undefined`, empty arrays and empty objects produce no pair at all, so they cannot be
 *   told apart from an absent parameter. Send JSON when that difference matters.
 *
 * Decoding reads names the way PHP does (`ballot[12][]` appends), builds prototype-free objects,
 * drops keys that could reach a prototype, and turns `{0: a, 1: b}` into a list.
 *
 * A leaf module: it imports nothing.
 */

export type ParamPair = [key: string, value: string];

export function toPhpPairs(params: Record<string, unknown>): ParamPair[] {
  const pairs: ParamPair[] = [];
  for (const [key, value] of Object.entries(params)) appendPairs(pairs, key, value, new Set());
  return pairs;
}

function appendPairs(pairs: ParamPair[], key: string, value: unknown, ancestors: Set<object>): void {
  if (value === null || value === undefined) return;
  switch (typeof value) {
    case 'string':
      pairs.push([key, value]);
      return;
    case 'number':
    case 'bigint':
      pairs.push([key, String(value)]);
      return;
    case 'boolean':
      pairs.push([key, value ? '1' : '0']);
      return;
    case 'object':
      break;
    default:
      throw new TypeError(`parameter ${key} is a ${typeof value}, which no encoding can carry`);
  }
  if (ancestors.has(value)) throw new TypeError(`parameter ${key} refers to itself`);
  ancestors.add(value);
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [String(index), item])
    : Object.entries(value);
  for (const [sub, item] of entries) appendPairs(pairs, `${key}[${sub}]`, item, ancestors);
  ancestors.delete(value);
}

/** Keys that could reach an object's prototype; they are dropped wherever they appear. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export const DEFAULT_MAX_DEPTH = 32;

type Tree = Record<string, unknown>;

function emptyTree(): Tree {
  return Object.create(null) as Tree;
}

/** Splits `ballot[12][]` into `['ballot', '12', '']`, the way PHP reads bracketed names. */
function splitBracketName(name: string): string[] | undefined {
  const open = name.indexOf('[');
  if (open <= 0) return open === 0 ? undefined : [name];
  const base = name.slice(0, open);
  const rest = name.slice(open);
  const segments = [...rest.matchAll(/\[([^\]]*)\]/g)];
  const consumed = segments.reduce((length, match) => length + match[0].length, 0);
  if (consumed !== rest.length) return [name];
  return [base, ...segments.map((match) => match[1]!)];
}

function nextIndex(tree: Tree): string {
  let next = 0;
  for (const key of Object.keys(tree)) {
    if (/^\d+$/.test(key)) next = Math.max(next, Number(key) + 1);
  }
  return String(next);
}

function assign(root: Tree, name: string, value: string, maxDepth: number, tooDeep: (limit: number) => Error): void {
  const path = splitBracketName(name);
  if (!path || path.some((segment) => FORBIDDEN_KEYS.has(segment))) return;
  if (path.length > maxDepth) throw tooDeep(maxDepth);
  let node = root;
  for (let index = 0; index < path.length - 1; index += 1) {
    const key = path[index] === '' ? nextIndex(node) : path[index]!;
    const child = node[key];
    if (typeof child === 'object' && child !== null) {
      node = child as Tree;
    } else {
      const created = emptyTree();
      node[key] = created;
      node = created;
    }
  }
  const last = path[path.length - 1]!;
  node[last === '' ? nextIndex(node) : last] = value;
}

/** Turns `{0: a, 1: b}` into `[a, b]`, as PHP would serialise a list. */
function listify(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const tree = value as Tree;
  const keys = Object.keys(tree);
  for (const key of keys) tree[key] = listify(tree[key]);
  const isList = keys.length > 0 && keys.every((key, index) => key === String(index));
  return isList ? keys.map((key) => tree[key]) : tree;
}

export interface DecodeOptions {
  /** Names nested deeper than this are refused; default DEFAULT_MAX_DEPTH. */
  maxDepth?: number;
  /** The error for a name nested too deep. */
  tooDeep?: (limit: number) => Error;
}

/** Builds parameters from name/value pairs with PHP bracket notation. */
export function fromPhpPairs(pairs: Iterable<[string, string]>, options: DecodeOptions = {}): Record<string, unknown> {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const tooDeep = options.tooDeep ?? ((limit: number) => new RangeError(`a parameter name is nested deeper than ${limit} levels`));
  const root = emptyTree();
  for (const [name, value] of pairs) assign(root, name, value, maxDepth, tooDeep);
  for (const key of Object.keys(root)) root[key] = listify(root[key]);
  return root;
}

/** For decoders of other formats (JSON) that must build the same prototype-free objects. */
export { FORBIDDEN_KEYS, emptyTree };

