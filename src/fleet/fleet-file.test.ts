import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { FleetFileError, loadFleetFile, parseFleet, parseShard, selectShard, shardOf } from './fleet-file';

const dir = mkdtempSync(join(tmpdir(), 'b24-fleet-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOOK = 'https://acme.example.com/rest/1/acmeWebhookSecret42/';
const ENV = { ACME_HOOK: HOOK, BETA_HOOK: 'https://beta.example.com/rest/3/betaWebhookSecret77/' };

function problems(data: unknown, env: NodeJS.ProcessEnv = ENV): string[] {
  try {
    parseFleet(data, env, 'fleet.json');
  } catch (error) {
    if (error instanceof FleetFileError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('parseFleet', () => {
  test('reads $VAR values from the environment, merges the top-level env, keeps literals and $$', () => {
    const fleet = parseFleet(
      {
        env: { B24_RATE: '250,5' },
        portals: [
          { name: 'acme-prod', env: { B24_WEBHOOK_URL: '$ACME_HOOK', B24_CHAT_ID: 17 } },
          { name: 'beta_2', env: { B24_WEBHOOK_URL: '$BETA_HOOK', B24_CHAT_ID: '4', B24_RATE: '50,2', B24_CA_FILE: '$$literal.pem' } },
        ],
      },
      ENV,
    );
    expect(fleet.portals).toEqual([
      { name: 'acme-prod', env: { B24_RATE: '250,5', B24_WEBHOOK_URL: HOOK, B24_CHAT_ID: '17' } },
      { name: 'beta_2', env: { B24_RATE: '50,2', B24_WEBHOOK_URL: ENV.BETA_HOOK, B24_CHAT_ID: '4', B24_CA_FILE: '$literal.pem' } },
    ]);
    expect(fleet.digest).toMatch(/^[0-9a-f]{16}$/);
  });

  test('a variable that is not set names the portal, the setting and the variable', () => {
    expect(problems({ portals: [{ name: 'acme-prod', env: { B24_WEBHOOK_URL: '$ACME_HOOK', B24_CHAT_ID: '$ACME_CHAT' } }] })).toEqual([
      'portal acme-prod: B24_CHAT_ID refers to $ACME_CHAT, which is not set in the environment',
    ]);
    // An empty value counts as unset, as in a single run.
    expect(problems({ portals: [{ name: 'a', env: { B24_WEBHOOK_URL: '$EMPTY', B24_CHAT_ID: '1' } }] }, { EMPTY: ' ' })).toEqual([
      'portal a: B24_WEBHOOK_URL refers to $EMPTY, which is not set in the environment',
    ]);
  });

  test('names must be unique (case-insensitively) and safe as folder names', () => {
    const env = { B24_WEBHOOK_URL: '$ACME_HOOK', B24_CHAT_ID: '1' };
    expect(problems({ portals: [{ name: 'acme', env }, { name: 'ACME', env }, { name: 'acme', env }] })).toEqual([
      'portal ACME: the name is used twice (as acme too, and report folders are case-insensitive on some systems)',
      'portal acme: the name is used twice (again, and report folders are case-insensitive on some systems)',
    ]);
    for (const name of ['../up', 'a/b', '.run', 'fleet.json', '', '-x', 'nul', 'x'.repeat(65), 7]) {
      const found = problems({ portals: [{ name, env }] });
      expect(found, String(name)).toHaveLength(1);
      expect(found[0], String(name)).toMatch(/^portal #1: the name must be 1 to 64 letters, digits, - or _/);
    }
  });

  test('a name that is not one is refused without echoing it: a misplaced webhook URL keeps its secret', () => {
    const found = problems({ portals: [{ name: HOOK, env: { B24_WEBHOOK_URL: '$ACME_HOOK', B24_CHAT_ID: '1' } }] });
    expect(found).toEqual([expect.stringMatching(/\(got a string of 52 characters\)$/)]);
    expect(found.join('\n')).not.toContain('acmeWebhookSecret42');
  });

  test('a secret written into the file is refused, naming the variable and not the value', () => {
    for (const key of ['B24_WEBHOOK_URL', 'B24_OAUTH_TOKEN', 'B24_COVOTER_WEBHOOK_URL', 'B24_OUTSIDER_WEBHOOK_URL', 'B24_EXPIRED_OAUTH_TOKEN']) {
      const env = { B24_WEBHOOK_URL: '$ACME_HOOK', B24_CHAT_ID: '1', [key]: 'https://acme.example.com/rest/1/literalSecret99/' };
      const found = problems({ portals: [{ name: 'acme', env }] });
      expect(found, key).toEqual([`portal acme: ${key} holds its value in the file; a fleet file holds no secret: write "$NAME" and export NAME in the environment`]);
    }
  });

  test('B24_REQUIRE_FULL may be set per portal, so a fleet in CI can require full coverage', () => {
    const fleet = parseFleet({ env: { B24_REQUIRE_FULL: '1' }, portals: [{ name: 'acme', env: { B24_WEBHOOK_URL: '$ACME_HOOK', B24_CHAT_ID: '1' } }] }, ENV, 'fleet.json');
    expect(fleet.portals[0]?.env.B24_REQUIRE_FULL).toBe('1');
  });

  test('a malformed file says what the shape must be', () => {
    expect(problems([])[0]).toMatch(/^fleet.json must hold \{"portals": .* \(got an array\)$/);
    expect(problems({ portals: [] })[0]).toMatch(/\(portals is empty\)$/);
    expect(problems({ portal: [] })).toEqual([
      'fleet.json: unknown key "portal" at the top level (known: portals, env)',
      expect.stringMatching(/\(portals is missing or not a list\)$/),
    ]);
    expect(problems({ portals: ['x', { name: 'b' }, { name: 'c', env: [], extra: 1 }] })).toEqual([
      'portal #1: must be an object {"name": ..., "env": {...}}',
      'portal b: has no env; give it the variables of a single live run (B24_WEBHOOK_URL, B24_CHAT_ID, ...)',
      'portal #3: unknown key "extra" (known: name, env)',
      'portal c: env must be an object of variables, {"B24_WEBHOOK_URL": "$VAR", ...}',
    ]);
  });

  test('unknown variables, B24_REPORTS_DIR, bad references and non-string values are refused', () => {
    expect(problems({ portals: [{ name: 'a', env: { B24_WEBHOOK: '$ACME_HOOK', B24_REPORTS_DIR: 'x', B24_CHAT_ID: true, B24_RATE: '$not-a-name' } }] })).toEqual([
      expect.stringMatching(/^portal a: unknown variable "B24_WEBHOOK" \(known: B24_TARGET, B24_WEBHOOK_URL, /),
      'portal a: B24_REPORTS_DIR is set by the fleet (each portal reports to B24_REPORTS_DIR/<name>/); remove it',
      'portal a: B24_CHAT_ID must be a string or a number (got boolean)',
      'portal a: B24_RATE must be "$NAME" to read the variable NAME from the environment (letters, digits and _), or "$$..." for a literal $',
    ]);
  });

  test('each portal is checked like a single run, its problems named after it, no secret repeated', () => {
    const found = problems({
      portals: [
        { name: 'acme', env: { B24_WEBHOOK_URL: '$ACME_PLAIN', B24_CHAT_ID: 'chat12' } },
        { name: 'beta', env: { B24_CHAT_ID: '3' } },
        { name: 'gamma', env: { B24_TARGET: 'reference', B24_RATE: 'fast' } },
      ],
    }, { ACME_PLAIN: 'http://acme.example.com/rest/1/acmeWebhookSecret42/' });
    expect(found).toHaveLength(4);
    expect(found[0]).toMatch(/^portal acme: B24_WEBHOOK_URL uses plain http:\/\/ to acme\.example\.com/);
    expect(found[1]).toMatch(/^portal acme: B24_CHAT_ID /);
    expect(found[2]).toBe('portal beta: B24_WEBHOOK_URL is required (or set B24_TARGET): without it the run would test the embedded reference portal, not this one');
    expect(found[3]).toMatch(/^portal gamma: B24_RATE /);
    expect(found.join('\n')).not.toContain('acmeWebhookSecret42');
  });
});

describe('loadFleetFile', () => {
  test('an unreadable file or one that is not JSON is a FleetFileError naming the file', () => {
    expect(() => loadFleetFile(join(dir, 'absent.json'), ENV)).toThrow(/^the fleet file .*absent\.json cannot be read \(ENOENT\)$/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"portals": [');
    expect(() => loadFleetFile(bad, ENV)).toThrow(FleetFileError);
    expect(() => loadFleetFile(bad, ENV)).toThrow(/is not valid JSON/);
    const bom = join(dir, 'bom.json');
    writeFileSync(bom, `\uFEFF${JSON.stringify({ portals: [{ name: 'a', env: { B24_WEBHOOK_URL: '$ACME_HOOK', B24_CHAT_ID: '1' } }] })}`);
    expect(loadFleetFile(bom, ENV).portals.map((p) => p.name)).toEqual(['a']);
  });
});

describe('shards', () => {
  test('--shard i/n parses only 1 <= i <= n', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const text of ['0/2', '3/2', '1/0', '1', 'a/b', '1/2/3']) expect(parseShard(text), text).toBeUndefined();
  });

  test('every portal lands in exactly one shard, and stays there when the fleet changes', () => {
    const names = Array.from({ length: 40 }, (_, i) => `portal-${i}`);
    const portals = names.map((name) => ({ name, env: {} }));
    const slices = [1, 2, 3].map((index) => selectShard(portals, { index, count: 3 }).map((p) => p.name));
    expect(slices.flat().sort()).toEqual([...names].sort());
    for (const slice of slices) expect(slice.length).toBeGreaterThan(5);
    // Half the fleet removed, others added: each remaining portal keeps its shard.
    const changed = [...portals.slice(0, 20), ...Array.from({ length: 15 }, (_, i) => ({ name: `new-${i}`, env: {} }))];
    for (const index of [1, 2, 3]) {
      const after = selectShard(changed, { index, count: 3 }).map((p) => p.name).filter((n) => n.startsWith('portal-'));
      expect(after).toEqual(slices[index - 1]!.filter((n) => Number(n.split('-')[1]) < 20));
    }
    expect(shardOf('acme', 1)).toBe(1);
  });
});

describe('examples/ci', () => {
  const root = new URL('../../examples/ci/', import.meta.url);
  const file = new URL('fleet.json', root).pathname;
  const workflow = readFileSync(new URL('fleet.yml', root), 'utf8');

  test('the example fleet file is valid once the variables it names are set, and names no secret', () => {
    const names = [...readFileSync(file, 'utf8').matchAll(/"\$([A-Z0-9_]+)"/g)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(3);
    const env = Object.fromEntries(names.map((name, i) => [name, name.endsWith('TOKEN') ? `exampleToken${i}xyz` : `https://portal${name.startsWith('ACME_PROD') ? 1 : i}.example.com/rest/${i + 1}/exampleSecret${i}xyz/`]));
    expect(loadFleetFile(file, env).portals.map((p) => p.name)).toEqual(['acme-prod', 'acme-staging', 'globex-onprem']);
    // The workflow hands every one of them over from the CI secrets.
    for (const name of names) expect(workflow).toContain(`${name}: \${{ secrets.${name} }}`);
  });

  test('the workflow shards as many ways as its matrix has runners, then merges every shard', () => {
    const matrix = /shard: \[([\d, ]+)\]/.exec(workflow)?.[1]?.split(',').map((s) => Number(s.trim()));
    expect(matrix).toEqual([1, 2, 3]);
    expect(workflow).toContain(`--shard \${{ matrix.shard }}/${matrix!.length}`);
    expect(workflow).toContain('npm run fleet:merge -- shards/fleet-shard-*');
  });
});
