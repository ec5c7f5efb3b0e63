/** reports/junit.xml: one testsuite per clause, one testcase per case. */
import type { ConformanceReport } from './model';

function esc(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
    // XML 1.0 cannot carry most control characters at all.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

export function renderJunit(report: ConformanceReport): string {
  const { passed, failed, skipped } = report.summary;
  const out = [`<?xml version="1.0" encoding="UTF-8"?>`, `<testsuites name="vote.AttachedVote.recall conformance" tests="${passed + failed + skipped}" failures="${failed}" skipped="${skipped}" errors="${report.errors.length}">`];
  for (const c of report.clauses) {
    const f = c.cases.filter((k) => k.status === 'failed').length;
    const s = c.cases.filter((k) => k.status === 'skipped').length;
    out.push(`  <testsuite name="${esc(`${c.id} ${c.title}`)}" tests="${c.cases.length}" failures="${f}" skipped="${s}">`);
    for (const k of c.cases) {
      out.push(`    <testcase classname="${esc(c.id)}" name="${esc(k.name)}">`);
      if (k.status === 'failed') out.push(`      <failure message="${esc((k.message ?? '').split('\n')[0] ?? '')}">${esc(k.message ?? '')}</failure>`);
      if (k.status === 'skipped') out.push(`      <skipped message="${esc(k.message ?? '')}"/>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  if (report.errors.length > 0) {
    out.push('  <testsuite name="errors outside any case" tests="1" failures="0" errors="1">', '    <testcase classname="suite" name="run">');
    out.push(`      <error message="suite error">${esc(report.errors.join('\n'))}</error>`, '    </testcase>', '  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}
