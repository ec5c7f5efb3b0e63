/**
 * Parameter serialisation for the four encodings.
 *
 * The form body, the GET query and the multipart parts all carry PHP bracket keys, the way the
 * docs (settings/how-to-call-rest-api/data-encoding.md) show them and the way PHP's
 * `http_build_query`, which those docs recommend, writes them:
 *
 * - nested objects become `a[b][c]=v`;
 * - arrays become indexed keys, `ballot[12][0]=5&ballot[12][1]=6` (PHP reads `ballot[12][]=5`
 *   the same way, but indexed keys keep the order explicit and the recordings stable);
 * - `true`/`false` become `1`/`0`, numbers their decimal text;
 * - `null`, `undefined`, empty arrays and empty objects produce no pair at all, so they cannot be
 *   told apart from an absent parameter. Send JSON when that difference matters.
 *
 * Values are percent-encoded as UTF-8 (space is `%20`); the brackets of keys stay literal, as in
 * the docs' examples. PHP decodes both spellings identically.
 */
import { FormData } from 'undici';

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

/** `a[b]=1&c=x%20y`: the body of an `application/x-www-form-urlencoded` POST, or a GET query. */
export function toUrlEncoded(params: Record<string, unknown>): string {
  return toPhpPairs(params)
    .map(([key, value]) => `${encodeKey(key)}=${percentEncode(value)}`)
    .join('&');
}

/** One text part per pair, in order. undici picks the boundary when the body is sent. */
export function toMultipart(params: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [key, value] of toPhpPairs(params)) form.append(key, value);
  return form;
}

export function toJson(params: Record<string, unknown>): string {
  return JSON.stringify(params);
}

function encodeKey(key: string): string {
  return percentEncode(key).replace(/%5B/g, '[').replace(/%5D/g, ']');
}

function percentEncode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    // A lone surrogate (fuzzed unicode) cannot be UTF-8 encoded; send U+FFFD in its place.
    return encodeURIComponent(new TextDecoder().decode(new TextEncoder().encode(text)));
  }
}
