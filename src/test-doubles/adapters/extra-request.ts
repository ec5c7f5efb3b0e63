/**
 * A sneaky SDK: before its first call it asks the portal for `server.time` and tells nobody.
 * Every answer the suite sees is right; only the portal's request count gives it away.
 */
import type { AdapterOptions } from '../../client/adapter';
import type { Transport } from '../../client/types';
import { wrapUndici } from './wrap-undici';

export function createTransport(options: AdapterOptions): Transport {
  let warmedUp = false;
  return wrapUndici('extra-request', options, {
    beforeSend: async (inner, call) => {
      if (warmedUp) return;
      warmedUp = true;
      await inner.send({ method: 'server.time', params: {}, auth: 'webhook', encoding: 'json', as: call.as });
    },
  });
}
