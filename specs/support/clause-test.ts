/**
 * Declares one case of one clause. The title is the clause ID plus its rule; the case's outcome,
 * violations and observations travel to the reporters in the test's meta. A verdict of
 * NotApplicable, or a missing identity, is a skip with the reason, never a pass.
 */
import { test, type TestContext } from 'vitest';
import { getCurrentSuite } from 'vitest/suite';
import { clause, type ClauseId } from '../../src/contract/clauses';
import { NotApplicable, type Verdict, type Violation } from '../../src/contract/invariants';
import type { Observation } from '../../src/contract/observations';
import type { Encoding, Exchange } from '../../src/client/types';
import { formatViolations, requestLine } from '../../src/report/format';
import { suiteContext } from './context';
import { beginCase, endCase } from './current-case';

export interface CaseMeta {
  clause: ClauseId;
  callStyle: string;
  /** The encoding the case's call under test went in; absent when it was skipped before one was chosen. */
  encoding?: Encoding;
  violations?: Violation[];
  request?: string;
  observations?: Observation[];
}

declare module 'vitest' {
  interface TaskMeta {
    conformance?: CaseMeta;
  }
}

/** A reason to skip a case, when a scenario could not be set up for a documented cause. */
export class Skip {
  constructor(readonly reason: string) {}
}

export interface CaseResult {
  verdict: Verdict;
  /** The exchange the verdict is about, shown with any failure. */
  exchange?: Exchange;
  observations?: Observation[];
}

type CaseBody = () => CaseResult | Skip | Promise<CaseResult | Skip>;

/** How a case names its call style: the label, and the encoding when one was chosen. */
export type CaseStyle = string | { name: string; encoding?: Encoding };

/**
 * Declares the case; returns the key its exchanges are logged under (`<full test name> [<call
 * style>]`), for a case whose request another case sends (see sendingAsCase).
 */
export function clauseCase(id: ClauseId, style: CaseStyle, body: CaseBody): string {
  const { title } = clause(id);
  const callStyle = typeof style === 'string' ? style : style.name;
  const encoding = typeof style === 'string' ? undefined : style.encoding;
  test(`${id} ${title}`, async (ctx: TestContext) => {
    const meta: CaseMeta = { clause: id, callStyle, ...(encoding ? { encoding } : {}) };
    ctx.task.meta.conformance = meta;
    beginCase(callStyle);
    let outcome: CaseResult | Skip;
    try {
      outcome = await body();
    } finally {
      endCase();
    }
    if (outcome instanceof Skip) {
      ctx.skip(outcome.reason);
      return;
    }
    meta.observations = outcome.observations;
    if (outcome.exchange) meta.request = requestLine(outcome.exchange);
    if (outcome.verdict instanceof NotApplicable) {
      ctx.skip(outcome.verdict.reason);
      return;
    }
    if (outcome.verdict.length > 0) {
      meta.violations = outcome.verdict;
      const { target } = await suiteContext();
      throw new ConformanceFailure(formatViolations({ clause: id, title, callStyle, targetKind: target.kind, violations: outcome.verdict, request: meta.request }));
    }
  });
  const task = getCurrentSuite().tasks.at(-1) as { fullTestName?: string } | undefined;
  return `${task?.fullTestName ?? `${id} ${title}`} [${callStyle}]`;
}

/**
 * A scenario shared by the cases of one describe block: run once, on first use. Its error (a
 * failed setup) fails every case that uses it; its Skip skips them.
 */
export function scenario<T>(run: () => Promise<T | Skip>): () => Promise<T | Skip> {
  let memo: Promise<T | Skip> | undefined;
  return () => (memo ??= run());
}

export class ConformanceFailure extends Error {
  override name = 'ConformanceFailure';
}
