/** The control: the undici transport as an adapter, unchanged. A run through it must pass. */
import type { AdapterOptions } from '../../client/adapter';
import type { Transport } from '../../client/types';
import { wrapUndici } from './wrap-undici';

export function createTransport(options: AdapterOptions): Transport {
  return wrapUndici('faithful-undici', options);
}
