import { expect, test } from 'vitest';
import { benchFleetFile } from './bench-fleet';
import { parseFleet } from '../src/fleet/fleet-file';

const portalEnv = (n: number) => ({
  B24_WEBHOOK_URL: `http://127.0.0.1:${4000 + n}/rest/11/secret${n}a/`,
  B24_OAUTH_TOKEN: `token${n}`,
  B24_COVOTER_WEBHOOK_URL: `http://127.0.0.1:${4000 + n}/rest/12/secret${n}b/`,
  B24_OUTSIDER_WEBHOOK_URL: `http://127.0.0.1:${4000 + n}/rest/13/secret${n}c/`,
  B24_CHAT_ID: '7',
});

test('the fleet file the bench writes is one the fleet accepts, and resolves to each portal\'s own variables', () => {
  const { file, vars } = benchFleetFile([{ name: 'a', env: portalEnv(1) }, { name: 'b', env: portalEnv(2) }], { B24_RATE: '100000,10000' });
  const fleet = parseFleet(file, vars);
  expect(fleet.portals.map((p) => p.name)).toEqual(['a', 'b']);
  const b = fleet.portals[1]!.env;
  expect([b.B24_WEBHOOK_URL, b.B24_OAUTH_TOKEN, b.B24_COVOTER_WEBHOOK_URL, b.B24_OUTSIDER_WEBHOOK_URL, b.B24_CHAT_ID]).toEqual(['http://127.0.0.1:4002/rest/11/secret2a/', 'token2', 'http://127.0.0.1:4002/rest/12/secret2b/', 'http://127.0.0.1:4002/rest/13/secret2c/', '7']);
  // No secret is written into the file itself.
  expect(JSON.stringify(file)).not.toMatch(/secret|token\d/);
});
