/**
 * A vitest reporter that turns test cases into conformance cases (from each test's meta),
 * shows a progress line while the run goes on, and keeps the results for the runner.
 */
import type { Reporter, TestCase, TestModule, TestSpecification } from 'vitest/node';
import type { SerializedError } from 'vitest';
import { maskSecrets } from '../client/secrets';
import type { CaseInput } from './model';

export class CaseCollector implements Reporter {
  readonly cases: CaseInput[] = [];
  readonly errors: string[] = [];
  private done = 0;
  private files = 0;
  private filesDone = 0;

  constructor(private readonly progress: (line: string) => void = () => {}) {}

  onTestRunStart(specifications: ReadonlyArray<TestSpecification>): void {
    this.files = specifications.length;
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
      ...(meta?.encoding ? { encoding: meta.encoding } : {}),
      status,
      message: message === undefined ? undefined : maskSecrets(message),
      request: meta?.request,
      violations: meta?.violations?.map(({ clause: _c, ...v }) => v),
      observations: meta?.observations,
    });
    this.done++;
    if (this.done % 10 === 0) this.showProgress();
  }

  /** Cases are counted as they end; a spec file's cases are known only once it runs, so files give the whole. */
  private showProgress(): void {
    const failed = this.cases.filter((c) => c.status === 'failed').length;
    const files = this.files > 0 ? `, ${this.filesDone} of ${this.files} spec files done` : '';
    this.progress(`  … ${this.done} cases${failed ? `, ${failed} failed` : ''}${files}`);
  }

  onTestModuleEnd(module: TestModule): void {
    this.filesDone++;
    this.showProgress();
    for (const e of module.errors()) this.errors.push(maskSecrets(`${module.moduleId}: ${e.message}`));
  }

  onTestRunEnd(_modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<SerializedError>): void {
    for (const e of unhandled) this.errors.push(maskSecrets(`unhandled: ${e.message}`));
  }
}
