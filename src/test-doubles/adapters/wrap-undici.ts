/**
 * Test adapters (B24_TRANSPORT=<this folder>/<file>.ts): the undici transport behind the
 * adapter seam, with one deliberate change each. Used by src/runner/run.adapters.test.ts.
 */
import type { AdapterOptions } from '../../client/adapter';
import type { RestCall, Transport } from '../../client/types';
import { createUndiciTransport } from '../../client/undici-transport';

export interface Tampering {
  /** What the adapter puts on the wire instead of the call it was given. */
  rewrite?: (call: RestCall) => RestCall;
  /** Runs before each call is sent, with the inner transport; its requests appear in no exchange. */
  beforeSend?: (inner: Transport, call: RestCall) => Promise<void>;
}

export function wrapUndici(name: string, options: AdapterOptions, tampering: Tampering = {}): Transport {
  const inner = createUndiciTransport({ ca: options.ca, timeoutMs: options.timeoutMs, pacer: false });
  return {
    name,
    supports: (call) => inner.supports(call),
    requestCount: () => inner.requestCount(),
    close: () => inner.close(),
    async send(call) {
      await tampering.beforeSend?.(inner, call);
      return inner.send(tampering.rewrite ? tampering.rewrite(call) : call);
    },
  };
}
