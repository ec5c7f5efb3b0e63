/** Chooses the transport a run uses: undici (default) or the official SDK (B24_TRANSPORT=b24jssdk). */
import type { Exchange, Transport } from './types';
import type { Target } from '../targets/types';
import { ConfigError } from '../targets/env';
import { createUndiciTransport } from './undici-transport';
import { pacerFromEnv } from './pacer';

export const TRANSPORTS = ['undici', 'b24jssdk'] as const;
export type TransportName = (typeof TRANSPORTS)[number];

export function transportName(env: NodeJS.ProcessEnv): TransportName {
  const name = (env.B24_TRANSPORT ?? 'undici').trim() || 'undici';
  if (!(TRANSPORTS as readonly string[]).includes(name)) {
    throw new ConfigError(`B24_TRANSPORT must be one of ${TRANSPORTS.join(', ')} (got "${name}")`);
  }
  return name as TransportName;
}

export function timeoutFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.B24_TIMEOUT_MS;
  if (raw === undefined || raw === '') return 10_000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`B24_TIMEOUT_MS must be a positive whole number of milliseconds (got "${raw}")`);
  return n;
}

export async function createTransport(env: NodeJS.ProcessEnv, target: Target, onExchange: (e: Exchange) => void): Promise<Transport> {
  const name = transportName(env);
  const timeoutMs = timeoutFromEnv(env);
  if (name === 'b24jssdk') {
    const { createSdkTransport } = await import('./sdk-transport');
    return createSdkTransport({ ca: target.ca, timeoutMs, onExchange });
  }
  return createUndiciTransport({ ca: target.ca, dispatcher: target.dispatcher, timeoutMs, pacer: pacerFromEnv(env), onExchange });
}
