import { Refusal } from './errors';
import type { Params } from './store';
import { DEFAULT_MAX_DEPTH, emptyTree, FORBIDDEN_KEYS, fromPhpPairs } from '../php-brackets';

export { DEFAULT_MAX_DEPTH };

/** Builds parameters from name/value pairs with PHP bracket notation; too deep a name is a refusal. */
export function fromPairs(pairs: Iterable<[string, string]>, maxDepth = DEFAULT_MAX_DEPTH): Params {
  return fromPhpPairs(pairs, { maxDepth, tooDeep: (limit) => new Refusal('tooDeep', { limit }) }) as Params;
}

export function decodeQuery(search: string, maxDepth = DEFAULT_MAX_DEPTH): Params {
  return fromPairs(new URLSearchParams(search), maxDepth);
}

/** Copies parsed JSON into prototype-free objects, dropping dangerous keys and capping depth. */
function sanitise(value: unknown, depth: number, maxDepth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= maxDepth) throw new Refusal('tooDeep', { limit: maxDepth });
  if (Array.isArray(value)) return value.map((item) => sanitise(item, depth + 1, maxDepth));
  const copy = emptyTree();
  for (const [key, item] of Object.entries(value)) {
    if (!FORBIDDEN_KEYS.has(key)) copy[key] = sanitise(item, depth + 1, maxDepth);
  }
  return copy;
}

function decodeJson(text: string, maxDepth: number): Params {
  if (text.trim() === '') return emptyTree();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Refusal('invalidJson');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Refusal('badBody', {}, 'a JSON body must be an object');
  }
  return sanitise(parsed, 0, maxDepth) as Params;
}

function headerParameter(header: string, name: string): string | undefined {
  const pattern = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i');
  const match = pattern.exec(header);
  if (!match) return undefined;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2];
}

function stripLineBreak(text: string, atStart: boolean): string {
  if (atStart) return text.startsWith('\r\n') ? text.slice(2) : text.startsWith('\n') ? text.slice(1) : text;
  return text.endsWith('\r\n') ? text.slice(0, -2) : text.endsWith('\n') ? text.slice(0, -1) : text;
}

function multipartPairs(body: Buffer, contentType: string): Array<[string, string]> {
  const boundary = headerParameter(contentType, 'boundary');
  if (!boundary) throw new Refusal('badBody', {}, 'multipart/form-data without a boundary');
  const text = body.toString('utf8');
  const sections = text.split(`--${boundary}`);
  if (sections.length < 2) throw new Refusal('badBody', {}, 'no multipart boundary in the body');
  const pairs: Array<[string, string]> = [];
  for (const section of sections.slice(1)) {
    if (section.startsWith('--')) break;
    if (section.trim() === '') continue;
    const part = stripLineBreak(section, true);
    const split = /\r?\n\r?\n/.exec(part);
    if (!split) throw new Refusal('badBody', {}, 'a multipart part has no blank line after its headers');
    const headers = part.slice(0, split.index).split(/\r?\n/);
    const disposition = headers.find((line) => /^content-disposition\s*:/i.test(line));
    const name = disposition && headerParameter(disposition.slice(disposition.indexOf(':') + 1), 'name');
    if (name === undefined) throw new Refusal('badBody', {}, 'a multipart part has no name');
    pairs.push([name, stripLineBreak(part.slice(split.index + split[0].length), false)]);
  }
  return pairs;
}

/** How a request carried its parameters, as the portal sees it: `other` is neither GET nor a known body type. */
export type SeenEncoding = 'json' | 'form' | 'multipart' | 'query' | 'other';

export function seenEncoding(httpMethod: string | undefined, contentType: string | undefined): SeenEncoding {
  if (httpMethod === 'GET') return 'query';
  if (httpMethod !== 'POST') return 'other';
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) return 'json';
  if (mediaType === 'application/x-www-form-urlencoded') return 'form';
  if (mediaType === 'multipart/form-data') return 'multipart';
  return 'other';
}

/** Decodes a request body by its Content-Type: JSON, form-urlencoded or multipart/form-data. */
export function decodeBody(contentType: string | undefined, body: Buffer, maxDepth = DEFAULT_MAX_DEPTH): Params {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (body.length === 0) return emptyTree();
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) return decodeJson(body.toString('utf8'), maxDepth);
  if (mediaType === 'application/x-www-form-urlencoded' || mediaType === '') {
    return fromPairs(new URLSearchParams(body.toString('utf8')), maxDepth);
  }
  if (mediaType === 'multipart/form-data') return fromPairs(multipartPairs(body, contentType!), maxDepth);
  throw new Refusal('unsupportedMediaType');
}
