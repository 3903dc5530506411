/**
 * web-test-runner plugin for test/ssr/hydration.test.ts: pages whose journey
 * elements were rendered on a server, for the test to open in an iframe and
 * watch hydrate.
 *
 * `GET /ssr/<page>.html` answers a whole page: the page's markup rendered by
 * @lit-labs/ssr in Node (server-render.ts, in a child process through tsx, so
 * that the SSR DOM shim never enters the runner's own process), an inline
 * script that records every error and warning the page logs or throws, and
 * the client module (hydrate-client.ts: Lit's hydrate support, then the
 * elements). The page's own query string (`?code=`) is the browser's
 * business: the server renders without it, as a real one would.
 * `GET /ssr/<page>.server.html` answers the server's HTML alone, for the test
 * to read; `GET /ssr/settings.json` a `settings-src`.
 *
 * All pages are rendered once, on the first request.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const renderer = fileURLToPath(new URL('./server-render.ts', import.meta.url));

// A client of its own: an identifier another test file handed over in this tab's sessionStorage (which
// the pages' iframes share) is kept per client, and would leave the reset form without its identifier field.
const ACCOUNT = 'base-domain="https://id.example.com" client-id="ssr-client" redirect-uri="https://app.example.com/callback"';

/** What each page holds, as its author wrote it. */
export const SSR_PAGES = {
  // English; opened with `?code=` in the address, as a reset link arrives. A relative link and action.
  journeys: `
    <nid-register ${ACCOUNT} terms-url="/terms"></nid-register>
    <nid-activate ${ACCOUNT}></nid-activate>
    <nid-forgot-password ${ACCOUNT}></nid-forgot-password>
    <nid-invite-form action="/api/invite"></nid-invite-form>`,
  // The page's language, given to every element (one language per page).
  french: `
    <nid-register ui-locales="fr-FR" ${ACCOUNT}></nid-register>
    <nid-activate ui-locales="fr-FR" ${ACCOUNT}></nid-activate>
    <nid-forgot-password ui-locales="fr-FR" ${ACCOUNT}></nid-forgot-password>
    <nid-invite-form ui-locales="fr-FR" action="/api/invite"></nid-invite-form>`,
  // Settings from a relative settings-src (SETTINGS below): the server renders the wait, the browser fetches.
  settings: `<nid-register ${ACCOUNT} settings-src="/ssr/settings.json"></nid-register>`,
  // Set up wrongly: an action that is not a URL the form may post to.
  broken: `<nid-invite-form action="javascript:alert(1)"></nid-invite-form>`,
};

/** What `/ssr/settings.json` serves. */
export const SETTINGS = { register_fields: [{ name: 'firstName', required: true }] };

/** Records what the page logs and throws, and its elements' nid-error events, from before any module runs. */
const RECORDER = `<script>
  window.pageProblems = [];
  addEventListener('error', (event) => pageProblems.push('error: ' + event.message));
  addEventListener('unhandledrejection', (event) => pageProblems.push('unhandled rejection: ' + (event.reason && event.reason.message || event.reason)));
  // The journeys' own failures too (a false invalid_config): they bubble out of the shadow roots.
  addEventListener('nid-error', (event) => pageProblems.push('nid-error: ' + JSON.stringify(event.detail)));
  for (const level of ['error', 'warn']) {
    const original = console[level];
    console[level] = (...args) => {
      // Lit's development build says so once per page: not a problem of the page.
      if (!String(args[0]).startsWith('Lit is in dev mode')) pageProblems.push(level + ': ' + args.join(' '));
      original.apply(console, args);
    };
  }
</script>`;

export function ssrPlugin() {
  let rendered;
  const pages = () =>
    (rendered ??= run(process.execPath, ['--import', 'tsx', renderer, JSON.stringify(SSR_PAGES)], { cwd: root, maxBuffer: 16 << 20 }).then(
      ({ stdout }) => JSON.parse(stdout),
    ));

  return {
    name: 'nid-ssr',
    async serve(context) {
      if (context.path === '/ssr/settings.json') return { body: JSON.stringify(SETTINGS), type: 'json' };
      const match = /^\/ssr\/(\w+)(\.server)?\.html$/.exec(context.path);
      if (!match || !Object.hasOwn(SSR_PAGES, match[1])) return undefined;
      const html = (await pages())[match[1]];
      if (match[2]) return { body: html, type: 'html' };
      const body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${match[1]}</title>
${RECORDER}
<script type="module" src="/test/ssr/hydrate-client.ts"></script>
</head>
<body>
${html}
</body>
</html>`;
      return { body, type: 'html' };
    },
  };
}
