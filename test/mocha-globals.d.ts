/**
 * The mocha BDD globals web-test-runner provides in the browser tests
 * (test/unit, test/components...). @types/mocha is not a dependency, so the
 * part the tests use is declared here. Node tests (test/node, test/e2e) import
 * `describe`/`it` from `node:test` instead, which shadows these.
 */
declare namespace Mocha {
  interface Context {
    /** Per-test or per-suite timeout in ms (0 disables it). */
    timeout(ms: number): void;
    /** Marks the running test as pending (skipped). */
    skip(): never;
    retries(count: number): void;
  }
  type Done = (error?: unknown) => void;
  type Func = (this: Context, done: Done) => void;
  type AsyncFunc = (this: Context) => PromiseLike<unknown> | void;
  type Hook = Func | AsyncFunc;

  interface SuiteFunction {
    (title: string, fn: (this: Context) => void): void;
    only(title: string, fn: (this: Context) => void): void;
    skip(title: string, fn: (this: Context) => void): void;
  }
  interface TestFunction {
    (title: string, fn?: Func | AsyncFunc): void;
    only(title: string, fn?: Func | AsyncFunc): void;
    skip(title: string, fn?: Func | AsyncFunc): void;
  }
  interface HookFunction {
    (fn: Hook): void;
    (description: string, fn: Hook): void;
  }
}

declare var describe: Mocha.SuiteFunction;
declare var context: Mocha.SuiteFunction;
declare var it: Mocha.TestFunction;
declare var before: Mocha.HookFunction;
declare var after: Mocha.HookFunction;
declare var beforeEach: Mocha.HookFunction;
declare var afterEach: Mocha.HookFunction;
