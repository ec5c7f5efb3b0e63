/**
 * A vitest reporter that turns test cases into conformance cases (from each test's meta),
 * shows a progress line while the run goes on, and keeps the results for the runner.
 */
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { SerializedError } from 'vitest';
import { maskSecrets } from '../client/secrets';
import type { CaseInput } from './model';

export class CaseCollector implements Reporter {
  readonly cases: CaseInput[] = [];
  readonly errors: string[] = [];
  private done = 0;
  private total = 0;

  constructor(private readonly progress: (line: string) => void = () => {}) {}

  onTestModuleCollected(module: TestModule): void {
    this.total += [...module.children.allTests()].length;
  }

  onTestCaseResult(test: TestCase): void {
    const result = test.result();
    const meta = test.meta().conformance;
    const status = result.state === 'failed' ? 'failed' : result.state === 'passed' ? 'passed' : 'skipped';
    let message: string | undefined;
    if (result.state === 'failed') {
      message = result.errors.map((e) => (e.name === 'ConformanceFailure' ? e.message : `${meta?.clause ?? test.name} [${meta?.callStyle ?? '?'}] ${e.message}`)).join('\n');
    } else if (result.state === 'skipped') {
      message = result.note;
    }
    this.cases.push({
      name: test.fullName,
      clause: meta?.clause,
      callStyle: meta?.callStyle ?? 'n/a',
      status,
      message: message === undefined ? undefined : maskSecrets(message),
      request: meta?.request,
      violations: meta?.violations?.map(({ clause: _c, ...v }) => v),
      observations: meta?.observations,
    });
    this.done++;
    if (this.done % 10 === 0 || this.done === this.total) {
      const failed = this.cases.filter((c) => c.status === 'failed').length;
      this.progress(`  … ${this.done}/${this.total} cases${failed ? `, ${failed} failed` : ''}`);
    }
  }

  onTestModuleEnd(module: TestModule): void {
    for (const e of module.errors()) this.errors.push(maskSecrets(`${module.moduleId}: ${e.message}`));
  }

  onTestRunEnd(_modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<SerializedError>): void {
    for (const e of unhandled) this.errors.push(maskSecrets(`unhandled: ${e.message}`));
  }
}
