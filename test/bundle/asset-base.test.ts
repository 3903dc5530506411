/**
 * Where the script-tag bundles fetch their lazy files from (issue #15.1):
 * never from a place a tag injected into the page names. The review's
 * attack: an injected `<script src=".../nid-journeys.js">` (blocked by the
 * CSP, or failing) placed before the bundle decided where `import()` fetched
 * the phone and locale chunks, and 'strict-dynamic' would have run them.
 *
 * Each case is a page of its own (an iframe) that loads the built bundle
 * from /dist/ (the build runs before the browser tests) with the attacker's
 * tag before it, shows a phone field in German (the phone chunk and the
 * de-DE locale file), and reports which lazy files it requested.
 */
import { expect } from '@open-wc/testing';

/** An origin nothing listens on: the attacker's server, as far as the page can tell. */
const ATTACKER = 'http://127.0.0.1:9/evil/';
const LAZY_FILE = /nid-journeys-(phone|transport|oauth)\.js|\/locales\/[\w-]+\.js/;
const ELEMENT =
  '<nid-register base-domain="https://id.example.com" client-id="c" redirect-uri="https://app.example.com/cb" ' +
  'fields="mobileNumber" mobile-default-country="DE" ui-locales="de-DE"></nid-register>';

interface Outcome {
  /** The lazy files the page requested (resource timing), in order. */
  lazyFiles: string[];
  /** Whether <nid-register> rendered its German submit button. */
  german: boolean;
}

/** Loads `head` (the tags before the element) into a fresh iframe and waits until its lazy files came, or `settle` ms passed. */
async function pageWith(head: string, settle: number): Promise<Outcome> {
  const frame = document.createElement('iframe');
  frame.srcdoc = `<!doctype html><html><head><script src="${ATTACKER}nid-journeys.js"></script>${head}</head><body>${ELEMENT}</body></html>`;
  document.body.append(frame);
  try {
    await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    const view = frame.contentWindow!;
    const lazyFiles = () =>
      view.performance
        .getEntriesByType('resource')
        .map((entry) => entry.name)
        .filter((name) => LAZY_FILE.test(name));
    const deadline = Date.now() + settle;
    while (Date.now() < deadline && lazyFiles().length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
    const element = frame.contentDocument!.querySelector('nid-register');
    const german = [...(element?.shadowRoot?.querySelectorAll('button') ?? [])].some((button) => button.textContent?.includes('Konto erstellen'));
    return { lazyFiles: lazyFiles(), german };
  } finally {
    frame.remove();
  }
}

const fromDist = (files: string[]) => files.every((file) => file.startsWith(`${location.origin}/dist/`));

describe('the bundles find their lazy files only where they are allowed to', () => {
  before(async () => {
    const built = await fetch('/dist/nid-journeys.mjs', { method: 'HEAD' });
    if (!built.ok) throw new Error('dist/ is missing: run npm run build first (npm test builds before the browser tests)');
  });

  for (const [file, note] of [
    ['nid-journeys.js', 'the four elements'],
    ['nid-register.js', "a journey's own bundle"],
  ]) {
    it(`${file} (${note}) as a classic script: beside itself (document.currentScript), not the injected tag`, async () => {
      const { lazyFiles, german } = await pageWith(`<script src="/dist/${file}"></script>`, 5000);
      expect(lazyFiles.some((lazy) => lazy.includes('nid-journeys-phone.js')), lazyFiles.join(' ')).to.equal(true);
      expect(lazyFiles.some((lazy) => lazy.endsWith('/locales/de-DE.js')), lazyFiles.join(' ')).to.equal(true);
      expect(fromDist(lazyFiles), lazyFiles.join(' ')).to.equal(true);
      expect(german).to.equal(true);
    });
  }

  it('nid-journeys.mjs as a module: beside itself (import.meta.url), not the injected tag', async () => {
    const { lazyFiles, german } = await pageWith('<script type="module" src="/dist/nid-journeys.mjs"></script>', 5000);
    expect(lazyFiles.some((file) => file.includes('nid-journeys-phone.js')), lazyFiles.join(' ')).to.equal(true);
    expect(fromDist(lazyFiles), lazyFiles.join(' ')).to.equal(true);
    expect(german).to.equal(true);
  });

  it('nid-journeys.js loaded as a module cannot tell where it is: it fetches no lazy file at all (no search of the page, no page-URL fallback)', async () => {
    const { lazyFiles } = await pageWith('<script type="module" src="/dist/nid-journeys.js"></script>', 1500);
    expect(lazyFiles).to.deep.equal([]);
  });

  it('NID_JOURNEYS_ASSET_BASE, set before the bundle, is the one other source', async () => {
    const { lazyFiles } = await pageWith(
      '<script>window.NID_JOURNEYS_ASSET_BASE = "/dist/";</script><script type="module" src="/dist/nid-journeys.js"></script>',
      5000,
    );
    expect(lazyFiles.some((file) => file.includes('nid-journeys-phone.js')), lazyFiles.join(' ')).to.equal(true);
    expect(fromDist(lazyFiles), lazyFiles.join(' ')).to.equal(true);
  });

  it('an injected element named NID_JOURNEYS_ASSET_BASE (DOM clobbering) is not a string: ignored', async () => {
    const { lazyFiles } = await pageWith(`<a id="NID_JOURNEYS_ASSET_BASE" href="${ATTACKER}"></a><script type="module" src="/dist/nid-journeys.js"></script>`, 1500);
    expect(lazyFiles.filter((file) => file.startsWith(ATTACKER))).to.deep.equal([]);
    expect(lazyFiles).to.deep.equal([]);
  });
});
