/**
 * npm run replay-server: serves the recordings in fixtures/ (or B24_FIXTURES_DIR) over HTTP on
 * 127.0.0.1 and prints the B24_* variables that point a client at them.
 */
import { readFixtureDir } from '../src/recordings/format';
import { FILE_HEADER, startReplayServer, TEST_HEADER } from '../src/recordings/replay-server';
import { repoRoot } from '../src/runner/run';
import { FixtureFormatError } from '../src/errors';
import { fixturesDir } from '../src/recordings/replay-env';

const USAGE = `Usage: npm run replay-server -- [flags]

Serves recorded portal answers (fixtures/, or the folder B24_FIXTURES_DIR names) on 127.0.0.1
and prints the B24_* variables of a portal that answers from them. A client names the recording
with the headers ${FILE_HEADER} (spec file) and ${TEST_HEADER} (entry); with the file header
alone that file is replayed in recorded order, with neither every file is, by name.
GET /_replay lists the recordings. To run this suite itself offline, use B24_TARGET=replay.

  --json      print one line {"env":{...}} instead of export lines
  --port N    listen on port N (default: a free port)
  --help      show this text`;

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

async function main(argv: string[]): Promise<number> {
  let json = false;
  let port: number | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (arg === '--json') json = true;
    else if (arg === '--port') {
      const value = argv[++i];
      if (!value || !/^\d+$/.test(value) || Number(value) > 65535) {
        process.stderr.write('replay-server: --port needs a number from 0 to 65535\n');
        return 2;
      }
      port = Number(value);
    } else {
      process.stderr.write(`replay-server: unknown flag ${arg} (see --help)\n`);
      return 2;
    }
  }
  const dir = fixturesDir(process.env, repoRoot);
  let fixtures;
  try {
    fixtures = readFixtureDir(dir);
  } catch (error) {
    if (!(error instanceof FixtureFormatError)) throw error;
    process.stderr.write(`replay-server: ${error.message}\n`);
    return 2;
  }
  const server = await startReplayServer(fixtures, { port });
  if (json) process.stdout.write(`${JSON.stringify({ env: server.env })}\n`);
  else process.stdout.write(Object.entries(server.env).map(([name, value]) => `export ${name}=${shellQuote(value)}\n`).join(''));
  process.stderr.write(`replay-server: serving ${fixtures.size} recording file(s) from ${dir} at ${server.url}; Ctrl-C stops it\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1;
}

const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);
