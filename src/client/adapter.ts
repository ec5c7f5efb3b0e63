/**
 * Transports written outside the suite: `B24_TRANSPORT=./my-adapter.ts` names a module whose
 * `createTransport(options)` returns a Transport (or a promise of one). The module is found
 * relative to the current directory and loaded with a dynamic import, in the runner (to fail
 * before any request) and again in the worker that uses it.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Transport } from './types';
import { ConfigError } from '../errors';

/** What an adapter's `createTransport` is given. */
export interface AdapterOptions {
  /** PEM of the CA to trust for this target's requests only (the reference portal's, over https). */
  ca?: string;
  /** Per-request timeout, from B24_TIMEOUT_MS. */
  timeoutMs: number;
  /** Where the adapter's or its SDK's log lines go (the run's transport.log), instead of the console. */
  onLog: (line: string) => void;
}

export type AdapterFactory = (options: AdapterOptions) => Transport | Promise<Transport>;

export interface AdapterModule {
  /** B24_TRANSPORT as the user wrote it, for messages and the report. */
  spec: string;
  /** Absolute path of the module. */
  file: string;
}

const TRANSPORT_METHODS = ['supports', 'send', 'requestCount', 'close'] as const;

/** Whether a B24_TRANSPORT value is meant as a file rather than a built-in name. */
export function isModulePath(value: string): boolean {
  return value.startsWith('.') || isAbsolute(value) || value.includes('/') || value.includes('\\') || /\.[cm]?[jt]s$/.test(value);
}

/** Finds the adapter file relative to `cwd`; a missing file is a ConfigError naming where it looked. */
export function locateAdapter(spec: string, cwd: string): AdapterModule {
  const file = resolve(cwd, spec);
  if (!existsSync(file)) {
    throw new ConfigError([`B24_TRANSPORT names the adapter module ${spec}, but there is no file ${file}`]);
  }
  if (!statSync(file).isFile()) {
    throw new ConfigError([`B24_TRANSPORT names the adapter module ${spec}, but ${file} is not a file`]);
  }
  return { spec, file };
}

/** Imports the module and returns its `createTransport`; anything else is a ConfigError. */
export async function loadAdapter(adapter: AdapterModule): Promise<AdapterFactory> {
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(pathToFileURL(adapter.file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError([`B24_TRANSPORT=${adapter.spec}: the module could not be loaded: ${error instanceof Error ? error.message : String(error)}`]);
  }
  const factory = loaded.createTransport;
  if (typeof factory !== 'function') {
    const found = Object.keys(loaded).filter((name) => name !== 'default');
    throw new ConfigError([
      `B24_TRANSPORT=${adapter.spec}: the module must export a function createTransport(options) returning a Transport ` +
        `(it exports ${found.length > 0 ? found.join(', ') : 'nothing by name'})`,
    ]);
  }
  return factory as AdapterFactory;
}

/** Calls the adapter's factory and checks that what came back can serve as a Transport. */
export async function openAdapter(adapter: AdapterModule, factory: AdapterFactory, options: AdapterOptions): Promise<Transport> {
  const transport = (await factory(options)) as unknown;
  const problems = transportShapeProblems(transport);
  if (problems.length > 0) {
    throw new ConfigError([`B24_TRANSPORT=${adapter.spec}: createTransport() did not return a usable Transport: ${problems.join('; ')}`]);
  }
  return transport as Transport;
}

function transportShapeProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [`got ${value === null ? 'null' : typeof value}`];
  const candidate = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof candidate.name !== 'string' || candidate.name.length === 0) problems.push('name must be a non-empty string');
  for (const method of TRANSPORT_METHODS) {
    if (typeof candidate[method] !== 'function') problems.push(`${method} must be a function`);
  }
  return problems;
}
