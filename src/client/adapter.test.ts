import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { loadAdapter, openAdapter, type AdapterOptions } from './adapter';
import { preflightTransport, transportChoice, transportLabel, wantsHttps } from './select';
import { ConfigError } from '../errors';

const here = fileURLToPath(new URL('.', import.meta.url));
/** The test doubles' folder: adapter paths below are relative to it. */
const doubles = fileURLToPath(new URL('../test-doubles/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'adapter-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const OPTIONS: AdapterOptions = { timeoutMs: 1000, onLog: () => {} };

async function configProblem(work: () => unknown): Promise<string> {
  try {
    await work();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

describe('B24_TRANSPORT', () => {
  test('undici when unset or blank, the SDK by its name', () => {
    expect(transportChoice({})).toEqual({ kind: 'undici' });
    expect(transportChoice({ B24_TRANSPORT: '  ' })).toEqual({ kind: 'undici' });
    expect(transportChoice({ B24_TRANSPORT: 'b24jssdk' })).toEqual({ kind: 'b24jssdk' });
  });

  test('a relative path is resolved against the given directory and keeps its spelling as the label', () => {
    const choice = transportChoice({ B24_TRANSPORT: './adapters/faithful.ts' }, doubles);
    expect(choice).toEqual({ kind: 'adapter', spec: './adapters/faithful.ts', file: join(doubles, 'adapters', 'faithful.ts') });
    expect(transportLabel(choice)).toBe('./adapters/faithful.ts');
  });

  test('the portal serves https to every transport but undici', () => {
    expect(wantsHttps({ kind: 'undici' })).toBe(false);
    expect(wantsHttps({ kind: 'b24jssdk' })).toBe(true);
    expect(wantsHttps(transportChoice({ B24_TRANSPORT: './adapters/faithful.ts' }, doubles))).toBe(true);
  });

  test('an unknown name lists the choices', async () => {
    const message = await configProblem(() => transportChoice({ B24_TRANSPORT: 'axios' }));
    expect(message).toBe('B24_TRANSPORT must be one of undici, b24jssdk or the path of an adapter module such as ./my-adapter.ts (got "axios")');
  });

  test('a missing adapter file names the path it looked for', async () => {
    const message = await configProblem(() => transportChoice({ B24_TRANSPORT: './nowhere/adapter.ts' }, scratch));
    expect(message).toBe(`B24_TRANSPORT names the adapter module ./nowhere/adapter.ts, but there is no file ${join(scratch, 'nowhere', 'adapter.ts')}`);
  });

  test('a directory is not an adapter', async () => {
    const message = await configProblem(() => transportChoice({ B24_TRANSPORT: './adapters' }, doubles));
    expect(message).toMatch(/adapters is not a file$/);
  });
});

describe('checking an adapter module before the run', () => {
  test('a module without createTransport says what it does export', async () => {
    const message = await configProblem(() => preflightTransport({ B24_TRANSPORT: './adapters/exports-nothing.ts' }, doubles));
    expect(message).toBe(
      'B24_TRANSPORT=./adapters/exports-nothing.ts: the module must export a function createTransport(options) returning a Transport (it exports transport)',
    );
  });

  test('a module that throws while loading is a configuration error carrying its message', async () => {
    writeFileSync(join(scratch, 'throws.mjs'), "throw new Error('the SDK package is not installed');\n");
    const message = await configProblem(() => preflightTransport({ B24_TRANSPORT: './throws.mjs' }, scratch));
    expect(message).toBe('B24_TRANSPORT=./throws.mjs: the module could not be loaded: the SDK package is not installed');
  });

  test('a module with createTransport passes, and so do the built-in names', async () => {
    await expect(preflightTransport({ B24_TRANSPORT: './adapters/faithful.ts' }, doubles)).resolves.toMatchObject({ kind: 'adapter' });
    await expect(preflightTransport({ B24_TRANSPORT: 'b24jssdk' }, here)).resolves.toEqual({ kind: 'b24jssdk' });
  });
});

describe('opening an adapter', () => {
  test('a factory that returns something else than a Transport lists what is missing', async () => {
    const adapter = transportChoice({ B24_TRANSPORT: './adapters/returns-garbage.ts' }, doubles);
    if (adapter.kind !== 'adapter') throw new Error('expected an adapter');
    const factory = await loadAdapter(adapter);
    const message = await configProblem(() => openAdapter(adapter, factory, OPTIONS));
    expect(message).toBe(
      'B24_TRANSPORT=./adapters/returns-garbage.ts: createTransport() did not return a usable Transport: ' +
        'supports must be a function; requestCount must be a function; close must be a function',
    );
  });

  test('an async factory is awaited and its transport used as it is', async () => {
    writeFileSync(
      join(scratch, 'async.mjs'),
      "export async function createTransport(o) { return { name: `async-${o.timeoutMs}`, supports: () => true, send: async () => { throw new Error('unused'); }, requestCount: () => 0, close: async () => {} }; }\n",
    );
    const adapter = transportChoice({ B24_TRANSPORT: './async.mjs' }, scratch);
    if (adapter.kind !== 'adapter') throw new Error('expected an adapter');
    const transport = await openAdapter(adapter, await loadAdapter(adapter), OPTIONS);
    expect(transport.name).toBe('async-1000');
  });
});
