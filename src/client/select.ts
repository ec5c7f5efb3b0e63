/**
 * Chooses the transport a run uses from B24_TRANSPORT: undici (default), the official SDK
 * (`b24jssdk`), or the path of an adapter module (see adapter.ts).
 */
import type { Dispatcher } from 'undici';
import type { Exchange, Transport } from './types';
import { createUndiciTransport, DEFAULT_RETRY } from './undici-transport';
import { LeakyBucketPacer, type RateConfig } from './pacer';
import { isModulePath, loadAdapter, locateAdapter, openAdapter, type AdapterModule } from './adapter';
import { ConfigError } from '../errors';

/** Settings every target's transport uses (read from the environment by targets/env.ts). */
export interface ClientSettings {
  /** `B24_TIMEOUT_MS`, default 10000. */
  timeoutMs: number;
  /** `B24_RATE`, default 50,2. */
  rate: RateConfig;
  /** `B24_RETRY_BASE_MS`: wait before the first retry of a 503 QUERY_LIMIT_EXCEEDED, doubling after; default 1000. */
  retryBaseMs: number;
}

/** What a transport needs to know of its target. */
export interface TransportTarget {
  /** PEM of a CA to trust for this target only. */
  ca?: string;
  /** Replay targets answer through this dispatcher and open no socket. */
  dispatcher?: Dispatcher;
}

export const TRANSPORTS = ['undici', 'b24jssdk'] as const;
export type TransportName = (typeof TRANSPORTS)[number];

export type TransportChoice = { kind: TransportName } | ({ kind: 'adapter' } & AdapterModule);

/** Reads B24_TRANSPORT; an adapter path is resolved against `cwd` and must exist. */
export function transportChoice(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): TransportChoice {
  const value = (env.B24_TRANSPORT ?? '').trim() || 'undici';
  if ((TRANSPORTS as readonly string[]).includes(value)) return { kind: value as TransportName };
  if (isModulePath(value)) return { kind: 'adapter', ...locateAdapter(value, cwd) };
  throw new ConfigError([`B24_TRANSPORT must be one of ${TRANSPORTS.join(', ')} or the path of an adapter module such as ./my-adapter.ts (got "${value}")`]);
}

/** How the report and the terminal name the transport. */
export function transportLabel(choice: TransportChoice): string {
  return choice.kind === 'adapter' ? choice.spec : choice.kind;
}

/**
 * Whether the reference portal should serve https: the SDK insists on it, and so do most
 * SDKs an adapter wraps; the adapter is handed the portal's CA.
 */
export function wantsHttps(choice: TransportChoice): boolean {
  return choice.kind !== 'undici';
}

/**
 * Checks B24_TRANSPORT in the runner, before the portal starts or any request is sent: a
 * missing adapter file, a module that does not load or exports no createTransport is a ConfigError.
 */
export async function preflightTransport(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): Promise<TransportChoice> {
  const choice = transportChoice(env, cwd);
  await preloadTransport(choice);
  return choice;
}

/** Loads an adapter module now: one that fails to load or exports no createTransport stops the run before it starts. */
export async function preloadTransport(choice: TransportChoice): Promise<void> {
  if (choice.kind === 'adapter') await loadAdapter(choice);
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

/**
 * The transport a worker sends through. Exchanges go to `onExchange`; whatever an SDK or an
 * adapter logs goes to `onLog` (never the console).
 */
export async function createTransport(
  env: NodeJS.ProcessEnv,
  target: TransportTarget,
  settings: ClientSettings,
  onExchange: (e: Exchange) => void,
  onLog: (line: string) => void = () => {},
): Promise<Transport> {
  const choice = transportChoice(env);
  const { timeoutMs, rate, retryBaseMs } = settings;
  if (choice.kind !== 'undici' && target.dispatcher) {
    throw new ConfigError([`B24_TRANSPORT=${transportLabel(choice)} cannot replay recordings: it opens its own sockets; replay with the undici transport`]);
  }
  if (choice.kind === 'b24jssdk') {
    const { createSdkTransport } = await import('./sdk-transport');
    return withExchangeSink(createSdkTransport({ ca: target.ca, timeoutMs, onLog }), onExchange);
  }
  if (choice.kind === 'adapter') {
    const factory = await loadAdapter(choice);
    return withExchangeSink(await openAdapter(choice, factory, { ca: target.ca, timeoutMs, onLog }), onExchange);
  }
  return withExchangeSink(createUndiciTransport({ ca: target.ca, dispatcher: target.dispatcher, timeoutMs, pacer: new LeakyBucketPacer(rate), retry: { ...DEFAULT_RETRY, baseDelayMs: retryBaseMs } }), onExchange);
}
