import { startPortal } from '../src/portal/index';
import type { PortalOptions } from '../src/portal/index';
import { exitCodeFor, UsageError } from '../src/errors';

const USAGE = `Usage: npm run portal -- [flags]

Starts the reference portal on 127.0.0.1 and prints the B24_* variables of a live target.

  --json                 print one line {"env":{...}} instead of export lines
  --port N               listen on port N (default: a free port)
  --https                serve HTTPS with a self-signed certificate (B24_CA_FILE names it)
  --rate-limit B,D       leaky-bucket limit: burst B, drained D per second (default: off)
  --fault NAME           apply a named fault or variant (repeatable)
  --seed N               seed for user names (default: 24)
  --help                 show this text`;

interface Cli {
  json: boolean;
  help: boolean;
  options: PortalOptions;
}

function integer(flag: string, value: string | undefined, min: number): number {
  if (value === undefined || !/^\d+$/.test(value) || Number(value) < min) {
    throw new UsageError(`${flag} needs an integer of at least ${min}${value === undefined ? '' : ` (got "${value}")`}`);
  }
  return Number(value);
}

function parse(args: string[]): Cli {
  const cli: Cli = { json: false, help: false, options: {} };
  const faults: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const flag = args[index]!;
    const [name, inline] = flag.startsWith('--') && flag.includes('=') ? [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)] : [flag, undefined];
    const value = () => inline ?? args[++index];
    switch (name) {
      case '--json':
        cli.json = true;
        break;
      case '--help':
      case '-h':
        cli.help = true;
        break;
      case '--https':
        cli.options.https = true;
        break;
      case '--port':
        cli.options.port = integer('--port', value(), 0);
        if (cli.options.port > 65535) throw new UsageError('--port must be at most 65535');
        break;
      case '--seed':
        cli.options.seed = integer('--seed', value(), 0);
        break;
      case '--rate-limit': {
        const text = value();
        const match = text === undefined ? null : /^(\d+),(\d+(?:\.\d+)?)$/.exec(text);
        if (!match || Number(match[1]) < 1 || Number(match[2]) <= 0) {
          throw new UsageError('--rate-limit needs BURST,DRAIN, for example --rate-limit 50,2');
        }
        cli.options.rateLimit = { burst: Number(match[1]), drainPerSecond: Number(match[2]) };
        break;
      }
      case '--fault': {
        const fault = value();
        if (!fault || fault.startsWith('--')) throw new UsageError('--fault needs a name');
        faults.push(fault);
        break;
      }
      default:
        throw new UsageError(`unknown flag ${flag}`);
    }
  }
  if (faults.length > 0) cli.options.faults = faults;
  return cli;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

async function main(): Promise<void> {
  let cli: Cli;
  try {
    cli = parse(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`portal: ${error.message} (see --help)\n`);
    process.exit(2);
  }
  if (cli.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let portal;
  try {
    portal = await startPortal(cli.options);
  } catch (error) {
    process.stderr.write(`portal: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(exitCodeFor(error));
  }
  const env = Object.entries(portal.env).filter(([, value]) => value !== undefined) as Array<[string, string]>;
  if (cli.json) {
    process.stdout.write(`${JSON.stringify({ env: Object.fromEntries(env) })}\n`);
  } else {
    process.stdout.write(env.map(([name, value]) => `export ${name}=${shellQuote(value)}\n`).join(''));
  }
  const faults = cli.options.faults?.length ? ` with ${cli.options.faults.join(', ')}` : '';
  process.stderr.write(`portal: serving ${portal.url}${faults}; Ctrl-C stops it\n`);
  const stop = () => {
    void portal.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
