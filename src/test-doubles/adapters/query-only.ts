/**
 * The undici transport, which sends each call in the encoding it is asked for, behind a
 * `supports()` that accepts GET query strings only: any call the suite makes in another
 * encoding reaches the portal in that encoding, where a test counts it.
 */
import type { AdapterOptions } from '../../client/adapter';
import type { Transport } from '../../client/types';
import { wrapUndici } from './wrap-undici';

export function createTransport(options: AdapterOptions): Transport {
  const inner = wrapUndici('query-only-undici', options);
  return { ...inner, supports: (call) => call.encoding === 'query' || `query strings only, not ${call.encoding}` };
}
