import { readFileSync } from 'node:fs';
import { renderErrors, resolveMethod, validateResponse } from '../src/contract/validate';
import { UnknownMethodError } from '../src/errors';

const USAGE = 'usage: npm run validate -- <method> <response.json>   (e.g. vote.AttachedVote.recall saved-body.json)';

/** Exit codes: 0 valid, 1 invalid, 2 the input could not be checked (usage, method, file, JSON). */
function main(args: string[]): number {
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
    console.log(USAGE);
    return 0;
  }
  const flag = args.find((arg) => arg.startsWith('-'));
  if (flag !== undefined) return fail(`unknown option ${flag}; ${USAGE}`);
  if (args.length !== 2 || args.some((arg) => arg === '')) return fail(USAGE);
  const [methodArg, file] = args as [string, string];

  let method: string;
  try {
    method = resolveMethod(methodArg);
  } catch (error) {
    if (error instanceof UnknownMethodError) return fail(error.message);
    throw error;
  }

  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return fail(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'read error'}`);
  }

  let body: unknown;
  try {
    // A byte-order mark (as some editors save files) is not part of the JSON.
    body = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return fail(`${file} is not JSON: ${(error as Error).message}`);
  }

  const result = validateResponse(method, body);
  const shape = result.kind === 'error' ? 'error envelope' : 'success response';
  if (result.ok) {
    console.log(`OK ${file}: valid ${method} ${shape}`);
    return 0;
  }
  const count = result.errors.length === 1 ? '1 problem' : `${result.errors.length} problems`;
  console.log(`INVALID ${file}: ${method} ${shape}, ${count}`);
  console.log(renderErrors(result.errors));
  return 1;
}

function fail(message: string): number {
  console.error(message);
  return 2;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(`validate failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
