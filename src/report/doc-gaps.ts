/**
 * reports/doc-gaps.md and doc-gaps.json: what the target did where both documentation sets are
 * silent, gathered from the observations that carry a gap, grouped by page, section and
 * proposal, each with its evidence (call style, status, code, message). Built from case
 * results the runner has already masked; masked once more by the caller as a whole.
 */
import type { GapEvidence } from '../contract/observations';
import type { CaseInput } from './model';

export interface GapEvidenceRow extends GapEvidence {
  clause: string;
  callStyle: string;
}

export interface DocGapEntry {
  page: string;
  section: string;
  proposal: string;
  evidence: GapEvidenceRow[];
}

export interface DocGapsReport {
  date: string;
  target: { kind: string; origin: string; transport: string };
  gaps: DocGapEntry[];
}

export function buildDocGaps(input: { cases: CaseInput[]; target: DocGapsReport['target']; date?: Date }): DocGapsReport {
  const byKey = new Map<string, DocGapEntry>();
  for (const k of input.cases) {
    for (const o of k.observations ?? []) {
      if (!o.gap) continue;
      const { page, section, proposal, evidence } = o.gap;
      const key = `${page}\u0000${section}\u0000${proposal}`;
      const entry = byKey.get(key) ?? { page, section, proposal, evidence: [] };
      const row: GapEvidenceRow = { clause: k.clause ?? 'n/a', callStyle: k.callStyle, ...evidence };
      if (!entry.evidence.some((seen) => JSON.stringify(seen) === JSON.stringify(row))) entry.evidence.push(row);
      byKey.set(key, entry);
    }
  }
  const gaps = [...byKey.values()]
    .map((g) => ({ ...g, evidence: g.evidence.sort((a, b) => a.clause.localeCompare(b.clause) || a.callStyle.localeCompare(b.callStyle)) }))
    .sort((a, b) => a.page.localeCompare(b.page) || a.section.localeCompare(b.section) || a.proposal.localeCompare(b.proposal));
  return { date: (input.date ?? new Date()).toISOString(), target: input.target, gaps };
}

/** Markdown cells: a pipe or a line break would break the table. */
function cell(value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  return String(value).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/`/g, "'");
}

export function renderDocGapsMarkdown(report: DocGapsReport): string {
  const lines = [
    '# What the documentation leaves out',
    '',
    `Target: ${report.target.kind} (${report.target.origin}, transport ${report.target.transport}), ${report.date}.`,
    '',
    'Each entry is something the target did where neither the English pages (`bitrix24-rest-docs/`) nor the',
    'Russian originals (`bitrix24-rest-docs-ru/`, same paths) say what should happen. It is phrased as an addition',
    'to one page and section, with the exchanges that show it, so it can go to the documentation maintainers as',
    'it is. Secrets are masked (`***`).',
    '',
  ];
  if (report.gaps.length === 0) {
    lines.push('No such case was seen in this run.', '');
    return lines.join('\n');
  }
  let page = '';
  let n = 0;
  for (const gap of report.gaps) {
    if (gap.page !== page) {
      page = gap.page;
      lines.push(`## ${page}`, '');
    }
    n++;
    lines.push(`### ${n}. Section "${gap.section}"`, '', `Proposed addition: ${gap.proposal}`, '', '| clause | call style | status | code | message | note |', '| --- | --- | --- | --- | --- | --- |');
    for (const row of gap.evidence) {
      lines.push(`| ${cell(row.clause)} | ${cell(row.callStyle)} | ${cell(row.status)} | ${cell(row.code)} | ${cell(row.message)} | ${cell(row.note)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
