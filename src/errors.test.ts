import { describe, expect, test } from 'vitest';
import {
  B24Error,
  ChromiumMissing,
  ConfigError,
  DocsCheckoutMissing,
  DocsFormatError,
  FleetFileError,
  FleetMergeError,
  ConformanceFailure,
  exitCodeFor,
  FixtureFormatError,
  isUserError,
  LedgerError,
  PortalOptionError,
  RateConfigError,
  ReplayMiss,
  SchemaLayoutError,
  SetupError,
  UnknownFaultError,
  UnknownMethodError,
  UnreachableError,
  UsageError,
} from './errors';

/** Pinned by hand: a code or an exit status is part of what scripts and users rely on. */
const TABLE: Array<[B24Error, string, string, number]> = [
  [new ConfigError(['B24_X is wrong']), 'ConfigError', 'B24_ERR_CONFIG', 2],
  [new FleetFileError(['portal a: B24_CHAT_ID refers to $X, which is not set']), 'FleetFileError', 'B24_ERR_FLEET_FILE', 2],
  [new FleetMergeError(['shard 2/2 is missing']), 'FleetMergeError', 'B24_ERR_FLEET_MERGE', 2],
  [new ChromiumMissing('no Chromium'), 'ChromiumMissing', 'B24_ERR_CHROMIUM_MISSING', 2],
  [new DocsCheckoutMissing('x is not a docs checkout'), 'DocsCheckoutMissing', 'B24_ERR_DOCS_CHECKOUT', 2],
  [new DocsFormatError('p.md:3: example is not JSON'), 'DocsFormatError', 'B24_ERR_DOCS_FORMAT', 1],
  [new UsageError('unknown argument --x'), 'UsageError', 'B24_ERR_USAGE', 2],
  [new UnknownFaultError('nope', ['a', 'b']), 'UnknownFaultError', 'B24_ERR_UNKNOWN_FAULT', 2],
  [new PortalOptionError('rate limit needs burst >= 1'), 'PortalOptionError', 'B24_ERR_PORTAL_OPTION', 2],
  [new RateConfigError('B24_RATE must be BURST,DRAIN'), 'RateConfigError', 'B24_ERR_RATE_CONFIG', 2],
  [new FixtureFormatError('x.json is not JSON'), 'FixtureFormatError', 'B24_ERR_FIXTURE_FORMAT', 2],
  [new LedgerError('the ledger cannot be read'), 'LedgerError', 'B24_ERR_LEDGER', 2],
  [new UnreachableError('cannot reach https://x'), 'UnreachableError', 'B24_ERR_UNREACHABLE', 2],
  [new UnknownMethodError('vote.x', ['vote.y']), 'UnknownMethodError', 'B24_ERR_UNKNOWN_METHOD', 2],
  [new ReplayMiss({ file: 'a.json', name: 'T' }, 0, 'no entry', 'npm run record'), 'ReplayMiss', 'B24_ERR_REPLAY_MISS', 1],
  [new SchemaLayoutError('bad $id'), 'SchemaLayoutError', 'B24_ERR_SCHEMA_LAYOUT', 1],
  [new SetupError('setup call failed'), 'SetupError', 'B24_ERR_SETUP', 1],
  [new ConformanceFailure('RCL-X failed'), 'ConformanceFailure', 'B24_ERR_CONFORMANCE', 1],
];

describe('the error hierarchy', () => {
  test.for(TABLE)('%s', ([error, name, code, exit]) => {
    expect(error).toBeInstanceOf(B24Error);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.constructor.name).toBe(name);
    expect(error.code).toBe(code);
    expect(exitCodeFor(error)).toBe(exit);
    expect(isUserError(error)).toBe(exit === 2);
  });

  test('every code is distinct', () => {
    const codes = TABLE.map(([error]) => error.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  test('an error of someone else, whatever its message, is unexpected: exit 1', () => {
    expect(exitCodeFor(new Error('unknown fault "x"'))).toBe(1);
    expect(exitCodeFor(Object.assign(new Error('x'), { code: 'B24_ERR_CONFIG' }))).toBe(1);
    expect(exitCodeFor('a string')).toBe(1);
    expect(isUserError(new Error('rate limit needs burst >= 1'))).toBe(false);
  });

  test('messages carry the facts given', () => {
    expect(new ConfigError(['one', 'two']).message).toBe('the configuration has 2 problems:\n  - one\n  - two');
    expect(new UnknownFaultError('nope', ['a', 'b']).message).toBe('unknown fault "nope" (known: a, b)');
    expect(new ReplayMiss({ file: 'a.json', name: 'T' }, 1, 'no entry', 'npm run record').message).toBe('no recording matches request #2 of "T" in a.json: no entry; record it with `npm run record`');
  });
});

test('src/errors.ts is a leaf: it imports nothing', async () => {
  const { readFileSync } = await import('node:fs');
  const text = readFileSync(new URL('./errors.ts', import.meta.url), 'utf8');
  expect(text).not.toMatch(/^\s*(import|export .* from)\b/m);
});
