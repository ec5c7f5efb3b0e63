/**
 * How a command-line entry point ends on an error: a mistake the user can fix (an error whose
 * code maps to exit 2 in src/errors.ts) prints its message, and the usage after a usage error;
 * anything else is unexpected: one masked line, exit 1. The stack is for developers and shows
 * only with DEBUG=1.
 */
import { maskSecrets } from '../src/client/secrets';
import { exitCodeFor, isUserError, UsageError } from '../src/errors';

export function exitOnError(command: string, error: unknown, usage?: string): never {
  if (isUserError(error)) {
    process.stderr.write(`${command}: ${maskSecrets(error.message)}\n${error instanceof UsageError && usage ? `${usage}\n` : ''}`);
    process.exit(exitCodeFor(error));
  }
  exitOnUnexpected(command, error);
}

export function exitOnUnexpected(command: string, error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${command}: unexpected error: ${maskSecrets(message)}\n`);
  if (process.env.DEBUG && error instanceof Error && error.stack) process.stderr.write(`${maskSecrets(error.stack)}\n`);
  else process.stderr.write(`${command}: set DEBUG=1 to see where it happened\n`);
  process.exit(1);
}
