/**
 * Runs in Node, as a child process of the test runner (ssr-plugin.mjs:
 * `node --import tsx server-render.ts '<{ name: markup }>'` prints
 * `{ name: html }`): server-renders journey markup with @lit-labs/ssr, as a
 * server does before any browser sees the page: Lit's Node build, the SSR
 * DOM shim, no page address, no document to resolve against.
 */
import '@lit-labs/ssr/lib/install-global-dom-shim.js';
import { render } from '@lit-labs/ssr';
import { collectResult } from '@lit-labs/ssr/lib/render-result.js';
import { html, unsafeStatic } from 'lit/static-html.js';

// Imported once the shim is in place: a static import could run first (the shim's graph awaits at its top level).
await import('../../src/index.js');

export async function renderPages(pages: Record<string, string>): Promise<Record<string, string>> {
  const rendered: Record<string, string> = {};
  for (const [name, markup] of Object.entries(pages)) rendered[name] = await collectResult(render(html`${unsafeStatic(markup)}`));
  return rendered;
}

const request = process.argv[2];
if (request !== undefined) process.stdout.write(JSON.stringify(await renderPages(JSON.parse(request) as Record<string, string>)));
