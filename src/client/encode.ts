/**
 * Parameter serialisation for the four encodings. The form body, the GET query and the multipart
 * parts all carry PHP bracket keys (src/php-brackets.ts). Values are percent-encoded as UTF-8
 * (space is `%20`); the brackets of keys stay literal, as in the docs' examples. PHP decodes both
 * spellings identically.
 */
import { FormData } from 'undici';
import { toPhpPairs } from '../php-brackets';

export { toPhpPairs, type ParamPair } from '../php-brackets';

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
