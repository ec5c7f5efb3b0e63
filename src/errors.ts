/**
 * Every error this project throws on purpose, each with a stable `code` (after undici's
 * `lib/core/errors.js`). Code decides from `code` or the class, never from message text; the
 * command-line entry points choose their exit code with `exitCodeFor`.
 *
 * A leaf module: it imports nothing from the rest of src/, so any layer may throw these.
 */

export abstract class B24Error extends Error {
  abstract readonly code: string;
}

/** A configuration mistake, for a person to read. Print `message`; the stack is of no use to them. */
export class ConfigError extends B24Error {
  override name = 'ConfigError';
  readonly code: string = 'B24_ERR_CONFIG';
  constructor(readonly problems: readonly string[]) {
    super(problems.length === 1 ? (problems[0] ?? '') : `the configuration has ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** A fleet file (`npm run fleet -- FILE`) that is malformed, or names a variable that is not set. */
export class FleetFileError extends ConfigError {
  override name = 'FleetFileError';
  override readonly code = 'B24_ERR_FLEET_FILE';
}

/** Shard folders (`npm run fleet:merge -- DIR...`) that are not one fleet's, or not complete. */
export class FleetMergeError extends ConfigError {
  override name = 'FleetMergeError';
  override readonly code = 'B24_ERR_FLEET_MERGE';
}

/** No Chromium to render a report with: B24_CHROMIUM_PATH names nothing, or npm ci was not run. */
export class ChromiumMissing extends B24Error {
  override name = 'ChromiumMissing';
  readonly code = 'B24_ERR_CHROMIUM_MISSING';
}

/** `npm run docs:sync` was pointed at a folder that is not a docs checkout. */
export class DocsCheckoutMissing extends B24Error {
  override name = 'DocsCheckoutMissing';
  readonly code = 'B24_ERR_DOCS_CHECKOUT';
}

/** A documentation page whose example is not what the extractor can read (not JSON). */
export class DocsFormatError extends B24Error {
  override name = 'DocsFormatError';
  readonly code = 'B24_ERR_DOCS_FORMAT';
}

/** A command line the entry point does not understand; it prints its usage after the message. */
export class UsageError extends B24Error {
  override name = 'UsageError';
  readonly code = 'B24_ERR_USAGE';
}

/** `--fault NAME` (or `PortalOptions.faults`) names no fault or variant of the reference portal. */
export class UnknownFaultError extends B24Error {
  override name = 'UnknownFaultError';
  readonly code = 'B24_ERR_UNKNOWN_FAULT';
  constructor(
    readonly fault: string,
    readonly known: readonly string[],
  ) {
    super(`unknown fault "${fault}" (known: ${known.join(', ')})`);
  }
}

/** An option of the reference portal that cannot work (a rate limit of burst 0, ...). */
export class PortalOptionError extends B24Error {
  override name = 'PortalOptionError';
  readonly code = 'B24_ERR_PORTAL_OPTION';
}

/** A rate (`B24_RATE`, `--rate`) that is not BURST,DRAIN with BURST >= 1 and DRAIN > 0. */
export class RateConfigError extends B24Error {
  override name = 'RateConfigError';
  readonly code = 'B24_ERR_RATE_CONFIG';
}

/** A recording file or folder this suite cannot read or write. */
export class FixtureFormatError extends B24Error {
  override name = 'FixtureFormatError';
  readonly code = 'B24_ERR_FIXTURE_FORMAT';
}

/** A ledger no longer parses: a person must look at it before anything is deleted from it. */
export class LedgerError extends B24Error {
  override name = 'LedgerError';
  readonly code = 'B24_ERR_LEDGER';
}

/** The live portal's origin does not answer a TCP/TLS handshake. */
export class UnreachableError extends B24Error {
  override name = 'UnreachableError';
  readonly code = 'B24_ERR_UNREACHABLE';
}

/** Which recorded exchange a replay looked for: the spec file and the entry's key. */
export interface ReplayKey {
  file: string;
  name: string;
}

/** A replayed request that no recording matches; the message names the fix. */
export class ReplayMiss extends B24Error {
  override name = 'ReplayMiss';
  readonly code = 'B24_ERR_REPLAY_MISS';
  constructor(
    readonly key: ReplayKey,
    readonly index: number,
    detail: string,
    recordCommand: string,
  ) {
    super(`no recording matches request #${index + 1} of "${key.name}" in ${key.file}: ${detail}; record it with \`${recordCommand}\``);
  }
}

/** `npm run validate` was given a method the schemas do not describe. */
export class UnknownMethodError extends B24Error {
  override name = 'UnknownMethodError';
  readonly code = 'B24_ERR_UNKNOWN_METHOD';
  constructor(
    readonly method: string,
    known: readonly string[],
  ) {
    super(`unknown method "${method}" (known: ${known.join(', ')})`);
  }
}

/** A schema file whose `$id` does not match where it lies under schemas/. */
export class SchemaLayoutError extends B24Error {
  override name = 'SchemaLayoutError';
  readonly code = 'B24_ERR_SCHEMA_LAYOUT';
}

/** A call a case needs before its check (creating a poll, voting) failed: the case cannot judge. */
export class SetupError extends B24Error {
  override name = 'SetupError';
  readonly code = 'B24_ERR_SETUP';
}

/** A clause's check found violations; the message is the formatted failure. */
export class ConformanceFailure extends B24Error {
  override name = 'ConformanceFailure';
  readonly code = 'B24_ERR_CONFORMANCE';
}

/** Exit status of a command that stops on an error: 2 for a mistake the user can fix, 1 otherwise. */
export const EXIT_CODES: Readonly<Record<string, number>> = {
  B24_ERR_CONFIG: 2,
  B24_ERR_FLEET_FILE: 2,
  B24_ERR_FLEET_MERGE: 2,
  B24_ERR_CHROMIUM_MISSING: 2,
  B24_ERR_DOCS_CHECKOUT: 2,
  B24_ERR_DOCS_FORMAT: 1,
  B24_ERR_USAGE: 2,
  B24_ERR_UNKNOWN_FAULT: 2,
  B24_ERR_PORTAL_OPTION: 2,
  B24_ERR_RATE_CONFIG: 2,
  B24_ERR_FIXTURE_FORMAT: 2,
  B24_ERR_LEDGER: 2,
  B24_ERR_UNREACHABLE: 2,
  B24_ERR_UNKNOWN_METHOD: 2,
  B24_ERR_REPLAY_MISS: 1,
  B24_ERR_SCHEMA_LAYOUT: 1,
  B24_ERR_SETUP: 1,
  B24_ERR_CONFORMANCE: 1,
};

/** Whether `error` is one of ours that a person can fix (print the message, no stack). */
export function isUserError(error: unknown): error is B24Error {
  return error instanceof B24Error && exitCodeFor(error) === 2;
}

export function exitCodeFor(error: unknown): number {
  const code = error instanceof B24Error ? error.code : undefined;
  return (code !== undefined ? EXIT_CODES[code] : undefined) ?? 1;
}
