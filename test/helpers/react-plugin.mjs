/**
 * web-test-runner plugin for test/frameworks/react.test.ts: React in the
 * browser, and React's server rendering in Node.
 *
 * - React ships CommonJS, which the test server does not convert: `react` and
 *   `react-dom/client` are bundled once, on first request, by esbuild into one
 *   ES module (`/__react/bundle.js`, a single copy of React for both), and each
 *   of those imports resolves to a small module re-exporting its part of it.
 * - The server command `nid-react-ssr { component, props, listeners }`
 *   renders a `nid-journeys/react` component with react-dom/server in Node, as
 *   a Next.js server would (lit's Node build, @lit/react's server mode), and
 *   answers the HTML.
 *
 * React is never loaded into the runner's own process (its development build
 * patches the console, which the runner has replaced): the export names and
 * the server rendering each come from a child Node process (through tsx for
 * the TypeScript sources).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const renderer = fileURLToPath(new URL('../frameworks/react-ssr.ts', import.meta.url));

/** The specifiers served from the bundle, and the bundle export each one re-exports. */
const MODULES = { react: 'React', 'react-dom/client': 'ReactDOMClient' };
const identifier = /^[A-Za-z_$][\w$]*$/;

export function reactPlugin() {
  let bundle;
  const bundled = () =>
    (bundle ??= build({
      stdin: {
        contents: `import * as React from 'react'; import * as ReactDOMClient from 'react-dom/client'; export { React, ReactDOMClient };`,
        resolveDir: process.cwd(),
        loader: 'js',
      },
      bundle: true,
      format: 'esm',
      write: false,
      define: { 'process.env.NODE_ENV': '"development"' },
      logLevel: 'silent',
    }).then((result) => result.outputFiles[0].text));

  /** `export default React; export const { useState, ... } = React;` for one specifier. */
  async function facade(specifier) {
    const part = MODULES[specifier];
    const { stdout } = await run(process.execPath, ['-p', `JSON.stringify(Object.keys(require(${JSON.stringify(specifier)})))`], { cwd: root });
    const names = JSON.parse(stdout).filter((name) => name !== 'default' && identifier.test(name));
    return `import { ${part} } from '/__react/bundle.js';\nexport default ${part};\nexport const { ${names.join(', ')} } = ${part};\n`;
  }

  return {
    name: 'nid-react',
    resolveImport({ source }) {
      if (Object.hasOwn(MODULES, source)) return `/__react/${encodeURIComponent(source)}.js`;
      return undefined;
    },
    async serve(context) {
      if (context.path === '/__react/bundle.js') return { body: await bundled(), type: 'js' };
      const match = /^\/__react\/(.+)\.js$/.exec(context.path);
      const specifier = match && decodeURIComponent(match[1]);
      if (specifier && Object.hasOwn(MODULES, specifier)) return { body: await facade(specifier), type: 'js' };
      return undefined;
    },
    async executeCommand({ command, payload }) {
      if (command !== 'nid-react-ssr') return undefined;
      const { stdout } = await run(process.execPath, ['--import', 'tsx', renderer, JSON.stringify(payload)], { cwd: root, maxBuffer: 1 << 20 });
      return stdout;
    },
  };
}
