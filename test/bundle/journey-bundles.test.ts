/**
 * Each journey's own script-tag bundle (`dist/nid-register.js`, ...; issue
 * #17): one classic `<script src>` defines that element alone, renders its
 * form, and exposes its class and the shared exports on `window.NidJourneys`.
 * Two journeys' bundles on one page add to each other; the same file twice is
 * harmless. Each page is an iframe loading the built files from /dist/ (the
 * build runs before the browser tests), reporting uncaught errors.
 */
import { expect } from '@open-wc/testing';

const JOURNEYS = ['register', 'activate', 'forgot-password', 'invite-form'] as const;
type Journey = (typeof JOURNEYS)[number];

const className = (journey: Journey) => `Nid${journey.replace(/(^|-)(\w)/g, (_, __, letter: string) => letter.toUpperCase())}`;
const ACCOUNT = 'base-domain="https://id.example.com" client-id="c" redirect-uri="https://app.example.com/cb"';
const markup: Record<Journey, string> = {
  register: `<nid-register ${ACCOUNT}></nid-register>`,
  // Its first view asks for the code (no token in the address).
  activate: `<nid-activate ${ACCOUNT}></nid-activate>`,
  'forgot-password': `<nid-forgot-password ${ACCOUNT}></nid-forgot-password>`,
  'invite-form': '<nid-invite-form action="/invite"></nid-invite-form>',
};

interface Frame {
  view: Window & { NidJourneys?: Record<string, unknown> };
  errors: string[];
  remove(): void;
}

/** A fresh page with `body`; resolves once it loaded (its classic scripts ran). */
async function page(body: string): Promise<Frame> {
  const frame = document.createElement('iframe');
  // Errors are collected from the first script on, before any bundle runs.
  frame.srcdoc = `<!doctype html><html lang="en"><head><script>window.__errors = []; addEventListener('error', (event) => __errors.push(String(event.message)));</script></head><body>${body}</body></html>`;
  document.body.append(frame);
  await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  const view = frame.contentWindow as Frame['view'];
  return { view, errors: (view as unknown as { __errors: string[] }).__errors, remove: () => frame.remove() };
}

/** The element's shadow root once it shows a control (a form's first input, or activate's code input). */
async function rendered(view: Window, tag: string): Promise<ShadowRoot> {
  const element = view.document.querySelector(tag);
  if (!element) throw new Error(`no <${tag}> on the page`);
  for (let tries = 0; tries < 100; tries++) {
    const root = element.shadowRoot;
    if (root?.querySelector('input, button[part~="submit"]')) return root;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`<${tag}> rendered no control`);
}

describe("each journey's own script-tag bundle", () => {
  before(async () => {
    const built = await fetch('/dist/nid-register.js', { method: 'HEAD' });
    if (!built.ok) throw new Error('dist/ is missing: run npm run build first (npm test builds before the browser tests)');
  });

  for (const journey of JOURNEYS) {
    it(`nid-${journey}.js defines <nid-${journey}> alone, renders it and exports its class`, async () => {
      const { view, errors, remove } = await page(`${markup[journey]}<script src="/dist/nid-${journey}.js"></script>`);
      try {
        const root = await rendered(view, `nid-${journey}`);
        expect(root.querySelector('form, button')).to.not.equal(null);
        for (const other of JOURNEYS) expect(view.customElements.get(`nid-${other}`) !== undefined, `nid-${other} defined`).to.equal(other === journey);
        const library = view.NidJourneys!;
        expect(library[className(journey)]).to.equal(view.customElements.get(`nid-${journey}`));
        for (const shared of ['JourneyError', 'NidSubmitEvent', 'NidSuccessEvent', 'NidErrorEvent', 'localeOwnName']) {
          expect(typeof library[shared], shared).to.equal('function');
        }
        expect(library['shippedLocales']).to.include('de-DE');
        expect(errors).to.deep.equal([]);
      } finally {
        remove();
      }
    });
  }

  it('two journeys on one page, each from its own bundle: both render, and window.NidJourneys has both classes', async () => {
    const { view, errors, remove } = await page(
      `${markup.register}${markup['forgot-password']}<script src="/dist/nid-register.js"></script><script src="/dist/nid-forgot-password.js"></script>`,
    );
    try {
      await rendered(view, 'nid-register');
      await rendered(view, 'nid-forgot-password');
      expect(view.NidJourneys!['NidRegister']).to.equal(view.customElements.get('nid-register'));
      expect(view.NidJourneys!['NidForgotPassword']).to.equal(view.customElements.get('nid-forgot-password'));
      expect(errors).to.deep.equal([]);
    } finally {
      remove();
    }
  });

  it('the same bundle loaded twice: no error, the element renders one form', async () => {
    const { view, errors, remove } = await page(`${markup.register}<script src="/dist/nid-register.js"></script><script src="/dist/nid-register.js"></script>`);
    try {
      const root = await rendered(view, 'nid-register');
      expect(root.querySelectorAll('form').length).to.equal(1);
      expect(errors).to.deep.equal([]);
    } finally {
      remove();
    }
  });
});
