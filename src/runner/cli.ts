/**
 * How a command-line entry point ends on an error it did not expect: one masked line, exit 1.
 * The stack is for developers and shows only with DEBUG=1; a user's mistake is a ConfigError or
 * a usage error, handled before this.
 */
import { maskSecrets } from '../client/secrets';

export function exitOnUnexpected(command: string, error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${command}: unexpected error: ${maskSecrets(message)}\n`);
  if (process.env.DEBUG && error instanceof Error && error.stack) process.stderr.write(`${maskSecrets(error.stack)}\n`);
  else process.stderr.write(`${command}: set DEBUG=1 to see where it happened\n`);
  process.exit(1);
}
