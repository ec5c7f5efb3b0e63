/**
 * The fleet file `npm run bench` writes for its fleet figure, and the variables it passes: every
 * webhook and token goes in as a `$VARIABLE`, the way a fleet file must hold them.
 */
type Variable = 'B24_WEBHOOK_URL' | 'B24_OAUTH_TOKEN' | 'B24_COVOTER_WEBHOOK_URL' | 'B24_OUTSIDER_WEBHOOK_URL' | 'B24_CHAT_ID';

export interface BenchPortal {
  name: string;
  /** The portal's own variables, as startPortal() gives them. */
  env: Partial<Record<Variable, string>>;
}

/** Variables holding a secret, passed by reference; the rest are written in. */
const BY_REFERENCE: Partial<Record<Variable, string>> = {
  B24_WEBHOOK_URL: 'WEBHOOK',
  B24_OAUTH_TOKEN: 'TOKEN',
  B24_COVOTER_WEBHOOK_URL: 'COVOTER',
  B24_OUTSIDER_WEBHOOK_URL: 'OUTSIDER',
};
const WRITTEN_IN: Variable[] = ['B24_CHAT_ID'];

export function benchFleetFile(portals: BenchPortal[], shared: Record<string, string>): { file: unknown; vars: Record<string, string> } {
  const vars: Record<string, string> = {};
  const entries = portals.map(({ name, env }, i) => {
    const out: Record<string, string> = {};
    for (const [variable, suffix] of Object.entries(BY_REFERENCE) as [Variable, string][]) {
      const value = env[variable];
      if (value === undefined) continue;
      const reference = `BENCH_PORTAL_${i + 1}_${suffix}`;
      vars[reference] = value;
      out[variable] = `$${reference}`;
    }
    for (const variable of WRITTEN_IN) {
      const value = env[variable];
      if (value !== undefined) out[variable] = value;
    }
    return { name, env: out };
  });
  return { file: { env: shared, portals: entries }, vars };
}
