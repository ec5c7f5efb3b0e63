/**
 * The fleet file: many portals, each with the variables a single live run takes. A value that
 * starts with `$` is read from the environment, so the file holds no secret and can be
 * committed. Everything is checked before any request: shape, names, variables, and each
 * portal's settings through the same loaders a single run uses. Problems are collected and
 * reported together, each naming its portal.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError, FleetFileError } from '../errors';
import { loadRunSettings } from '../targets/env';
import { maskSecrets } from '../client/secrets';

export interface FleetPortal {
  name: string;
  /** The resolved variables (secrets included: never print them). */
  env: Record<string, string>;
}

export interface Fleet {
  portals: FleetPortal[];
  /** Digest of the portal names, so shards of one fleet can be told from shards of another. */
  digest: string;
}

export { FleetFileError };

/** The variables a single run reads (README, Configuration). B24_REPORTS_DIR is the fleet's. */
export const PORTAL_VARIABLES = [
  'B24_TARGET',
  'B24_WEBHOOK_URL',
  'B24_CHAT_ID',
  'B24_OAUTH_TOKEN',
  'B24_OAUTH_REST_URL',
  'B24_COVOTER_WEBHOOK_URL',
  'B24_OUTSIDER_WEBHOOK_URL',
  'B24_EXPIRED_OAUTH_TOKEN',
  'B24_CA_FILE',
  'B24_TRANSPORT',
  'B24_RATE',
  'B24_TIMEOUT_MS',
  'B24_ALLOW_INSECURE',
  'B24_RETRY_BASE_MS',
  'B24_FIXTURES_DIR',
  'B24_REQUIRE_FULL',
] as const;

/** Variables that carry a secret: the fleet file names them as "$VAR", never holds their value. */
const SECRET_VARIABLES: readonly string[] = ['B24_WEBHOOK_URL', 'B24_OAUTH_TOKEN', 'B24_COVOTER_WEBHOOK_URL', 'B24_OUTSIDER_WEBHOOK_URL', 'B24_EXPIRED_OAUTH_TOKEN'];

/** Safe as a folder name on every system: letters, digits, `-` and `_`, no dot (so never `.run` or `fleet.json`). */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** Windows refuses these as folder names, whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;
const REFERENCE = /^\$([A-Za-z_][A-Za-z0-9_]*)$/;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads, checks and resolves `file`; throws FleetFileError with every problem found. */
export function loadFleetFile(file: string, environment: NodeJS.ProcessEnv): Fleet {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new FleetFileError([`the fleet file ${file} cannot be read (${reason})`]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new FleetFileError([`the fleet file ${file} is not valid JSON (${error instanceof Error ? error.message : String(error)})`]);
  }
  return parseFleet(data, environment, file);
}

/** Checks and resolves a parsed fleet file. */
export function parseFleet(data: unknown, environment: NodeJS.ProcessEnv, file = 'the fleet file'): Fleet {
  const shape = `${file} must hold {"portals": [{"name": "...", "env": {"B24_WEBHOOK_URL": "$VAR", ...}}, ...]}`;
  if (!isObject(data)) throw new FleetFileError([`${shape} (got ${Array.isArray(data) ? 'an array' : typeof data})`]);
  const problems: string[] = [];
  for (const key of Object.keys(data)) {
    if (key !== 'portals' && key !== 'env') problems.push(`${file}: unknown key "${key}" at the top level (known: portals, env)`);
  }
  const shared = data.env === undefined ? {} : readEnv('every portal (the top-level env)', data.env, environment, problems);
  if (!Array.isArray(data.portals) || data.portals.length === 0) {
    problems.push(`${shape} (portals is ${Array.isArray(data.portals) ? 'empty' : 'missing or not a list'})`);
    throw new FleetFileError(problems);
  }
  const portals: FleetPortal[] = [];
  const seen = new Map<string, string>();
  data.portals.forEach((entry: unknown, index: number) => {
    const where = `portal #${index + 1}`;
    if (!isObject(entry)) {
      problems.push(`${where}: must be an object {"name": ..., "env": {...}}`);
      return;
    }
    for (const key of Object.keys(entry)) {
      if (key !== 'name' && key !== 'env') problems.push(`${where}: unknown key "${key}" (known: name, env)`);
    }
    const name = entry.name;
    if (typeof name !== 'string' || !NAME.test(name) || RESERVED.test(name)) {
      // The value is not echoed: a misplaced webhook URL would show its secret.
      const got = typeof name === 'string' ? `a string of ${name.length} characters` : name === undefined ? 'no name' : typeof name;
      problems.push(`${where}: the name must be 1 to 64 letters, digits, - or _, starting with a letter or digit, and not a reserved device name, since it names the portal's report folder (got ${got})`);
      return;
    }
    const label = `portal ${name}`;
    const earlier = seen.get(name.toLowerCase());
    if (earlier !== undefined) {
      problems.push(`${label}: the name is used twice (${earlier === name ? 'again' : `as ${earlier} too`}, and report folders are case-insensitive on some systems)`);
      return;
    }
    seen.set(name.toLowerCase(), name);
    if (entry.env === undefined) {
      problems.push(`${label}: has no env; give it the variables of a single live run (B24_WEBHOOK_URL, B24_CHAT_ID, ...)`);
      return;
    }
    const own = readEnv(label, entry.env, environment, problems);
    portals.push({ name, env: { ...shared, ...own } });
  });
  if (problems.length > 0) throw new FleetFileError(problems);
  for (const portal of portals) checkPortal(portal, problems);
  if (problems.length > 0) throw new FleetFileError(problems);
  const digest = createHash('sha256').update(portals.map((p) => p.name).sort().join('\n')).digest('hex').slice(0, 16);
  return { portals, digest };
}

function readEnv(label: string, value: unknown, environment: NodeJS.ProcessEnv, problems: string[]): Record<string, string> {
  if (!isObject(value)) {
    problems.push(`${label}: env must be an object of variables, {"B24_WEBHOOK_URL": "$VAR", ...}`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(value)) {
    if (key === 'B24_REPORTS_DIR') {
      problems.push(`${label}: B24_REPORTS_DIR is set by the fleet (each portal reports to B24_REPORTS_DIR/<name>/); remove it`);
      continue;
    }
    if (!(PORTAL_VARIABLES as readonly string[]).includes(key)) {
      problems.push(`${label}: unknown variable ${JSON.stringify(key.slice(0, 40))} (known: ${PORTAL_VARIABLES.join(', ')})`);
      continue;
    }
    if (typeof raw === 'number' && Number.isFinite(raw)) {
      out[key] = String(raw);
      continue;
    }
    if (typeof raw !== 'string') {
      problems.push(`${label}: ${key} must be a string or a number (got ${raw === null ? 'null' : typeof raw})`);
      continue;
    }
    if (!raw.startsWith('$')) {
      if (SECRET_VARIABLES.includes(key) && raw !== '') {
        problems.push(`${label}: ${key} holds its value in the file; a fleet file holds no secret: write "$NAME" and export NAME in the environment`);
        continue;
      }
      out[key] = raw;
      continue;
    }
    if (raw.startsWith('$$')) {
      out[key] = raw.slice(1); // "$$x" is the literal "$x"
      continue;
    }
    const reference = REFERENCE.exec(raw);
    if (!reference) {
      problems.push(`${label}: ${key} must be "$NAME" to read the variable NAME from the environment (letters, digits and _), or "$$..." for a literal $`);
      continue;
    }
    const variable = reference[1]!;
    const resolved = environment[variable];
    if (resolved === undefined || resolved.trim() === '') {
      problems.push(`${label}: ${key} refers to $${variable}, which is not set in the environment`);
      continue;
    }
    out[key] = resolved;
  }
  return out;
}

/** The single run's own checks, on this portal's variables, each problem prefixed with the portal. */
function checkPortal(portal: FleetPortal, problems: string[]): void {
  const label = `portal ${portal.name}`;
  try {
    const explicit = portal.env.B24_TARGET?.trim();
    if (!explicit && !portal.env.B24_WEBHOOK_URL?.trim()) {
      problems.push(`${label}: B24_WEBHOOK_URL is required (or set B24_TARGET): without it the run would test the embedded reference portal, not this one`);
      return;
    }
    loadRunSettings(portal.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) problems.push(`${label}: ${maskSecrets(problem)}`);
  }
}

/** `--shard i/n`: 1 <= i <= n. */
export interface Shard {
  index: number;
  count: number;
}

export function parseShard(text: string): Shard | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  return count >= 1 && index >= 1 && index <= count ? { index, count } : undefined;
}

/**
 * The shard (1-based) a portal belongs to among `count`: from a hash of its name alone, so a
 * portal stays in its shard when others are added to or removed from the fleet.
 */
export function shardOf(name: string, count: number): number {
  const hash = createHash('sha256').update(name).digest();
  return (hash.readUInt32BE(0) % count) + 1;
}

export function selectShard(portals: FleetPortal[], shard: Shard): FleetPortal[] {
  return portals.filter((portal) => shardOf(portal.name, shard.count) === shard.index);
}
