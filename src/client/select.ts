/** Chooses the transport a run uses: undici (default) or the official SDK (B24_TRANSPORT=b24jssdk). */
import type { Exchange, Transport } from './types';
import type { Target } from '../targets/types';
import { ConfigError, loadClientSettings } from '../targets/env';
import { createUndiciTransport, DEFAULT_RETRY } from './undici-transport';
import { LeakyBucketPacer } from './pacer';

export const TRANSPORTS = ['undici', 'b24jssdk'] as const;
export type TransportName = (typeof TRANSPORTS)[number];

export function transportName(env: NodeJS.ProcessEnv): TransportName {
  const name = (env.B24_TRANSPORT ?? '').trim() || 'undici';
  if (!(TRANSPORTS as readonly string[]).includes(name)) {
    throw new ConfigError([`B24_TRANSPORT must be one of ${TRANSPORTS.join(', ')} (got "${name}")`]);
  }
  return name as TransportName;
}

/** Every exchange a transport finishes also goes to the sink: the run's log, whatever the adapter. */
export function withExchangeSink(transport: Transport, sink: (e: Exchange) => void): Transport {
  return {
    name: transport.name,
    supports: (call) => transport.supports(call),
    requestCount: () => transport.requestCount(),
    close: () => transport.close(),
    async send(call) {
      const exchange = await transport.send(call);
      sink(exchange);
      return exchange;
    },
  };
}

export async function createTransport(env: NodeJS.ProcessEnv, target: Target, onExchange: (e: Exchange) => void): Promise<Transport> {
  const name = transportName(env);
  const { timeoutMs, rate, retryBaseMs } = loadClientSettings(env);
  if (name === 'b24jssdk') {
    if (target.dispatcher) throw new ConfigError(['B24_TRANSPORT=b24jssdk cannot replay recordings: the SDK opens its own sockets; replay with the undici transport']);
    const { createSdkTransport } = await import('./sdk-transport');
    return withExchangeSink(createSdkTransport({ ca: target.ca, timeoutMs }), onExchange);
  }
  return withExchangeSink(createUndiciTransport({ ca: target.ca, dispatcher: target.dispatcher, timeoutMs, pacer: new LeakyBucketPacer(rate), retry: { ...DEFAULT_RETRY, baseDelayMs: retryBaseMs } }), onExchange);
}
