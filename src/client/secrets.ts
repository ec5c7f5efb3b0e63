/**
 * Process-wide registry of secrets (webhook secrets, OAuth tokens). Every writer — reports,
 * console output, fixtures — passes its text through `maskSecrets` or `maskDeep`, so a secret
 * registered once can never reach a file or a terminal.
 */

export const MASK = '***';

/**
 * Values shorter than this are not treated as secrets: masking every "1" or "abc" in a report
 * would destroy it, and real webhook secrets and tokens are far longer.
 */
export const MIN_SECRET_LENGTH = 6;

const secrets = new Set<string>();
/** Every spelling a secret can take on the wire or in a file, longest first. */
let spellings: string[] = [];

function spellingsOf(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
  ];
}

/** Remember `value` as a secret. Returns false (and remembers nothing) for empty or very short values. */
export function registerSecret(value: string | undefined | null): boolean {
  if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return false;
  if (secrets.has(value)) return true;
  secrets.add(value);
  const all = new Set(spellings);
  for (const spelling of spellingsOf(value)) all.add(spelling);
  spellings = [...all].sort((a, b) => b.length - a.length);
  return true;
}

/** `text` with every registered secret, raw or URL-encoded or JSON-escaped, replaced by `***`. */
export function maskSecrets(text: string): string {
  let masked = text;
  for (const spelling of spellings) {
    if (masked.includes(spelling)) masked = masked.split(spelling).join(MASK);
  }
  return masked;
}

/**
 * `text` with each of `given` (secrets of another run, not registered here) masked in every
 * spelling, as `maskSecrets` masks the registered ones; values shorter than MIN_SECRET_LENGTH are left.
 */
export function maskGivenSecrets(text: string, given: readonly string[]): string {
  const all = given.filter((secret) => secret.length >= MIN_SECRET_LENGTH).flatMap(spellingsOf);
  let masked = text;
  for (const spelling of [...new Set(all)].sort((a, b) => b.length - a.length)) {
    if (masked.includes(spelling)) masked = masked.split(spelling).join(MASK);
  }
  return masked;
}

/**
 * A deep copy of `value` in which every string is masked and the value of every `auth` key
 * (the OAuth token parameter) is replaced by `***`, whatever it holds.
 */
export function maskDeep<T>(value: T): T {
  return copyMasked(value, new WeakMap()) as T;
}

function copyMasked(value: unknown, seen: WeakMap<object, unknown>): unknown {
  if (typeof value === 'string') return maskSecrets(value);
  if (value === null || typeof value !== 'object') return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(copyMasked(item, seen));
    return copy;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  for (const [key, item] of Object.entries(value)) {
    copy[maskSecrets(key)] = key === 'auth' && item !== undefined && item !== null ? MASK : copyMasked(item, seen);
  }
  return copy;
}
