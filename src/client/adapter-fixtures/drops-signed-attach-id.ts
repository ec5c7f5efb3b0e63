/** A broken SDK: it loses `signedAttachId` on the way to the wire, so signed-mode recalls cannot work. */
import type { AdapterOptions } from '../adapter';
import type { Transport } from '../types';
import { wrapUndici } from './wrap-undici';

export function createTransport(options: AdapterOptions): Transport {
  return wrapUndici('drops-signed-attach-id', options, {
    rewrite: (call) => {
      const { signedAttachId: _dropped, ...params } = call.params;
      return { ...call, params };
    },
  });
}
