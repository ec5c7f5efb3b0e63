/**
 * Observations: what a target did where the docs leave it open. They are reported, never
 * failed: numeric-string counters, undocumented extra fields, a `time` block without the
 * operating fields, and the status and code a refusal chose.
 */
import type { Exchange } from '../client/types';
import { attachOf } from './invariants';
import { errorTables } from './docs-data';
import { loadSchemaFiles } from './schema-files';
import { systemErrors } from './validate';

export interface Observation {
  /** What was looked at, for example `counters` or `refusal: re-vote disabled`. */
  topic: string;
  /** What was seen. */
  detail: string;
  /** Set when both documentation sets are silent on what was seen: reports/doc-gaps.md lists it. */
  gap?: DocGap;
}

/**
 * Something the target did that neither the English nor the Russian pages settle, as a proposed
 * addition to one page and section, with the evidence of the exchange.
 */
export interface DocGap {
  /** The page the addition belongs on, relative to bitrix24-rest-docs/ (the Russian original has the same path). */
  page: string;
  /** The section of that page, by its English title. */
  section: string;
  /** What the page should say, as an imperative sentence ("State the HTTP status and error code of ..."). */
  proposal: string;
  evidence: GapEvidence;
}

export interface GapEvidence {
  status?: number;
  code?: string;
  message?: string;
  /** What was seen when there was no error envelope to quote. */
  note?: string;
}

/** Where a gap goes, and what to propose; the evidence comes from the exchange. */
export type GapTarget = Omit<DocGap, 'evidence'>;

export const RECALL_PAGE = 'api-reference/vote/vote.attachedvote.recall.md';

/** The status, code and message an exchange carried, as the evidence of a gap. */
export function evidenceOf(exchange: Exchange): GapEvidence {
  const response = exchange.response;
  if (!response) return { note: exchange.error ?? 'no answer' };
  const body = response.json as { error?: unknown; error_description?: unknown } | undefined;
  const evidence: GapEvidence = { status: response.status };
  if (body && typeof body === 'object' && 'error' in body) {
    evidence.code = String(body.error);
    if (typeof body.error_description === 'string') evidence.message = body.error_description;
  }
  return evidence;
}

function describeEvidence(evidence: GapEvidence): string {
  if (evidence.status === undefined) return evidence.note ?? 'no answer';
  const code = evidence.code === undefined ? '' : ` ${evidence.code}`;
  const message = evidence.message === undefined ? '' : ` "${evidence.message}"`;
  return `HTTP ${evidence.status}${code}${message}${evidence.note ? ` (${evidence.note})` : ''}`;
}

/** An observation that is also a gap in both documentation sets. */
export function observeGap(target: GapTarget, exchange: Exchange, note?: string): Observation {
  const evidence = evidenceOf(exchange);
  if (note) evidence.note = note;
  return { topic: `doc gap: ${target.page}#${target.section}`, detail: `${target.proposal} Seen: ${describeEvidence(evidence)}`, gap: { ...target, evidence } };
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
    if (extra.length > 0) {
      out.push({
        topic: 'undocumented attach fields',
        detail: extra.join(', '),
        gap: {
          page: RECALL_PAGE,
          section: 'Response element attach',
          proposal: `List the attach fields ${extra.join(', ')} in the table, or say that a portal may add fields of its own.`,
          evidence: { ...evidenceOf(exchange), note: `fields ${extra.join(', ')}` },
        },
      });
    }
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


/**
 * Which documentation set lists the code a refusal carried, on the page of the method called
 * (from the committed docs data, schemas/docs/): the observation for a refusal whose code
 * the docs do not tie to the situation, so a reader sees whether the code is a documented one.
 */
export function observeListedCode(what: string, exchange: Exchange, page = RECALL_PAGE): Observation[] {
  const code = (exchange.response?.json as { error?: unknown } | undefined)?.error;
  if (code === undefined || !exchange.response) return [];
  const table = errorTables().find((p) => p.page === page);
  if (!table) return [];
  const inEn = table.en.some((row) => row.code === String(code));
  const inRu = table.ru.some((row) => row.code === String(code));
  const system = systemErrors().find((row) => row.code === String(code));
  const where = inEn && inRu
    ? `listed by both ${page} and ru:${page}`
    : inRu
      ? `listed only by ru:${page}`
      : inEn
        ? `listed only by ${page}`
        : system
          ? `a system error (${system.doc}, HTTP ${system.status})`
          : `listed by neither ${page} nor ru:${page}`;
  return [{ topic: `code of ${what}`, detail: `HTTP ${exchange.response.status} ${String(code)}: ${where}` }];
}
