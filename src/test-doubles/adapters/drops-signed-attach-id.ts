/** A broken SDK: it loses `signedAttachId` on the way to the wire, so signed-mode recalls cannot work. */
import type { AdapterOptions } from '../../client/adapter';
import type { Transport } from '../../client/types';
import { wrapUndici } from './wrap-undici';

export function createTransport(options: AdapterOptions): Transport {
  return wrapUndici('drops-signed-attach-id', options, {
    rewrite: (call) => {
      const { signedAttachId: _dropped, ...params } = call.params;
      return { ...call, params };
    },
  });
}
