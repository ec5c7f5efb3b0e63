/** The undici transport behind a `supports()` that cannot express OAuth at all: only the OAuth cases may be skipped. */
import type { AdapterOptions } from '../../client/adapter';
import type { Transport } from '../../client/types';
import { wrapUndici } from './wrap-undici';

export const NO_OAUTH = 'this client has no OAuth support';

export function createTransport(options: AdapterOptions): Transport {
  const inner = wrapUndici('webhook-only-undici', options);
  return { ...inner, supports: (call) => call.auth === 'webhook' || NO_OAUTH };
}
