/**
 * Observations: what a target did where the docs leave it open. They are reported, never
 * failed: numeric-string counters, undocumented extra fields, a `time` block without the
 * operating fields, and the status and code a refusal chose.
 */
import type { Exchange } from '../client/types';
import { attachOf } from './invariants';
import { loadSchemaFiles } from './schema-files';

export interface Observation {
  /** What was looked at, for example `counters` or `refusal: re-vote disabled`. */
  topic: string;
  /** What was seen. */
  detail: string;
}

let documented: { attach: Set<string>; time: Set<string> } | undefined;

/** The property names the schemas document: the only source for what counts as "extra". */
function documentedFields(): { attach: Set<string>; time: Set<string> } {
  if (!documented) {
    const files = loadSchemaFiles();
    const props = (relPath: string) => {
      const schema = files.find((f) => f.relPath === relPath)?.schema as { properties?: Record<string, unknown> } | undefined;
      return new Set(Object.keys(schema?.properties ?? {}));
    };
    documented = { attach: props('common/attach.schema.json'), time: props('common/time.schema.json') };
  }
  return documented;
}

function counterKinds(exchange: Exchange): Set<string> {
  const kinds = new Set<string>();
  const attach = attachOf(exchange);
  if (!attach) return kinds;
  kinds.add(typeof attach.COUNTER);
  for (const question of Object.values(attach.QUESTIONS ?? {})) {
    kinds.add(typeof question.COUNTER);
    for (const answer of Object.values(question.ANSWERS ?? {})) kinds.add(typeof answer.COUNTER);
  }
  return kinds;
}

/** What a successful recall showed where the docs are silent. */
export function observeSuccess(exchange: Exchange): Observation[] {
  const out: Observation[] = [];
  const kinds = counterKinds(exchange);
  if (kinds.size > 0) {
    const shown = [...kinds].map((k) => (k === 'string' ? 'numeric strings' : k === 'number' ? 'integers' : k)).sort();
    out.push({ topic: 'counters', detail: `sent as ${shown.join(' and ')}` });
  }
  const attach = attachOf(exchange) as Record<string, unknown> | undefined;
  if (attach) {
    const extra = Object.keys(attach).filter((k) => !documentedFields().attach.has(k)).sort();
    if (extra.length > 0) out.push({ topic: 'undocumented attach fields', detail: extra.join(', ') });
  }
  const time = (exchange.response?.json as { time?: Record<string, unknown> } | undefined)?.time;
  if (time && typeof time === 'object') {
    const missing = ['operating_reset_at', 'operating'].filter((k) => !(k in time));
    if (missing.length > 0) out.push({ topic: 'time block', detail: `without ${missing.join(' and ')}` });
    const extra = Object.keys(time).filter((k) => !documentedFields().time.has(k)).sort();
    if (extra.length > 0) out.push({ topic: 'time block', detail: `undocumented fields ${extra.join(', ')}` });
  }
  return out;
}

/** The status and code a refusal (or a call that might be one) was answered with. */
export function observeRefusal(what: string, exchange: Exchange): Observation[] {
  const response = exchange.response;
  if (!response) return [{ topic: `answer to ${what}`, detail: exchange.error ?? 'no answer' }];
  const code = (response.json as { error?: unknown } | undefined)?.error;
  const detail = code === undefined ? `HTTP ${response.status}` : `HTTP ${response.status} ${String(code)}`;
  return [{ topic: `answer to ${what}`, detail }];
}
