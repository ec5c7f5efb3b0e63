/**
 * How a failure reads, everywhere: what was expected, what was received, where.
 * Inputs are exchange records, which hold no secret; everything is masked again on the way out.
 */
import type { Exchange } from '../client/types';
import type { Violation } from '../contract/invariants';
import { maskSecrets } from '../client/secrets';

const MAX_VALUE = 160;

export function show(value: unknown): string {
  if (value === undefined) return '(nothing)';
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text;
}

/** `POST https://portal/rest/1/***\/vote.AttachedVote.recall  json {"attachId":5}` */
export function requestLine(exchange: Exchange): string {
  const { httpMethod, url, encoding, params } = exchange.request;
  return maskSecrets(`${httpMethod} ${url}  ${encoding} ${show(params)}`);
}

export interface FailureText {
  clause: string;
  title: string;
  callStyle: string;
  targetKind: string;
  violations: Violation[];
  request?: string;
}

export function formatViolations(f: FailureText): string {
  const lines = [`${f.clause} [${f.callStyle} @ ${f.targetKind}] ${f.title}`];
  for (const v of f.violations) {
    lines.push(`  ${v.message}${v.path ? ` at ${v.path}` : ''}`);
    if (v.expected !== undefined || v.received !== undefined) lines.push(`    expected ${show(v.expected)}, received ${show(v.received)}`);
  }
  if (f.request) lines.push(`  request  ${f.request}`);
  return maskSecrets(lines.join('\n'));
}
