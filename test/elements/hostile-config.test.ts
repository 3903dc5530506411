/**
 * Every public attribute and property of the four elements (as the custom
 * elements manifest lists them) against hostile values: empty, huge (1 MB),
 * lone surrogates, U+202E, NUL, markup, wrong types, null. No uncaught
 * error, nothing executes, and the element shows either a usable form or
 * the clear configuration error, never something in between.
 *
 * First every value on every property, one at a time; then fast-check
 * combines random ones (strings of any UTF-16 code units included). A
 * failure prints fast-check's seed and the shrunk case to replay it.
 */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import type { LitElement } from 'lit';
import '../../src/index.js';
import { json, stubFetch, type FetchStub } from '../helpers/fetch-stub.js';
import { elementApis, type ElementApi } from '../helpers/manifest.js';
import { renderJourney } from '../helpers/render.js';
import { alertText, root, settle } from '../helpers/user.js';

const MEGABYTE = 'x'.repeat(1_000_000);
const HOSTILE_STRINGS = ['', ' ', '\u0000', '\uD800', '\uDC00x', '\u202Eevil', '<img src=x onerror="window.__xss=1">', 'javascript:window.__xss=2', MEGABYTE];
const HOSTILE: unknown[] = [
  ...HOSTILE_STRINGS,
  0,
  -1,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  null,
  undefined,
  {},
  [],
  [{ name: 42 }],
  { toString: () => '<b>x</b>' },
  Symbol('nid'),
];

const CONFIGURED: Record<string, string> = {
  'nid-register': 'base-domain="https://id.example.com" client-id="c" redirect-uri="https://app.example.com/cb"',
  'nid-activate': 'base-domain="https://id.example.com" client-id="c" redirect-uri="https://app.example.com/cb"',
  'nid-forgot-password': 'base-domain="https://id.example.com" client-id="c" redirect-uri="https://app.example.com/cb"',
  'nid-invite-form': 'action="/api/invite"',
};
const NOT_SET_UP = 'This form is not set up correctly. Please contact the site owner.';

/** A usable form, or the configuration error in the alert region: nothing in between. */
function expectUsable(el: LitElement, what: string): void {
  const submit = root(el).querySelector('button[type="submit"]');
  if (!submit) expect(alertText(el), `${what}: neither a form nor the configuration error`).to.equal(NOT_SET_UP);
}

const describeValue = (value: unknown) =>
  typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}… (${value.length})` : value) : typeof value === 'symbol' ? value.toString() : String(value);

describe('hostile configuration', () => {
  let api: Map<string, ElementApi>;
  let stub: FetchStub;
  let uncaught: string[];
  const onError = (event: ErrorEvent | PromiseRejectionEvent) => uncaught.push(String('reason' in event ? event.reason : event.error));

  before(async () => {
    api = await elementApis();
  });
  beforeEach(() => {
    stub = stubFetch(() => json(503, { error: 'service_unavailable' }));
    uncaught = [];
    addEventListener('error', onError);
    addEventListener('unhandledrejection', onError);
  });
  afterEach(() => {
    stub.restore();
    removeEventListener('error', onError);
    removeEventListener('unhandledrejection', onError);
    expect((window as unknown as { __xss?: number }).__xss, 'nothing executed').to.equal(undefined);
  });

  for (const tag of Object.keys(CONFIGURED)) {
    it(`<${tag}>: every property survives every hostile value`, async function (this: Mocha.Context) {
      this.timeout(60_000); // about 500 updates: 5-10 s in Chromium
      const { properties } = api.get(tag)!;
      expect(properties.length, 'public properties found in the manifest').to.be.greaterThan(5);
      const el = await renderJourney<LitElement>(tag, CONFIGURED[tag]!);
      for (const property of properties) {
        const original = (el as unknown as Record<string, unknown>)[property];
        for (const value of HOSTILE) {
          try {
            (el as unknown as Record<string, unknown>)[property] = value;
          } catch (error) {
            throw new Error(`setting ${property} = ${describeValue(value)} threw: ${String(error)}`);
          }
          await settle(el);
          expectUsable(el, `${property} = ${describeValue(value)}`);
        }
        (el as unknown as Record<string, unknown>)[property] = original;
      }
      expect(uncaught).to.deep.equal([]);
    });

    it(`<${tag}>: every attribute survives every hostile string`, async () => {
      const { attributes } = api.get(tag)!;
      const el = await renderJourney<LitElement>(tag, CONFIGURED[tag]!);
      for (const attribute of attributes) {
        const original = el.getAttribute(attribute);
        for (const value of HOSTILE_STRINGS) {
          el.setAttribute(attribute, value);
          await settle(el);
          expectUsable(el, `${attribute}=${describeValue(value)}`);
        }
        if (original === null) el.removeAttribute(attribute);
        else el.setAttribute(attribute, original);
      }
      expect(uncaught).to.deep.equal([]);
    });

    it(`<${tag}>: random combinations of hostile properties and attributes (fast-check)`, async function (this: Mocha.Context) {
      this.timeout(60_000); // 40 renders: 2-4 s alone in Chromium, past 10 s in WebKit on a loaded 2-core machine
      const { properties, attributes } = api.get(tag)!;
      const anyValue = fc.oneof(
        fc.constantFrom(...HOSTILE),
        fc.string({ unit: 'binary', maxLength: 64 }), // any UTF-16 code units: lone surrogates, NUL, bidi controls
        fc.string({ unit: 'grapheme', maxLength: 64 }),
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 8 }), fc.anything({ maxDepth: 1 })),
      );
      const change = fc.oneof(
        fc.record({ property: fc.constantFrom(...properties), value: anyValue }),
        fc.record({ attribute: fc.constantFrom(...attributes), value: fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ unit: 'binary', maxLength: 64 })) }),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 6 }), async (changes) => {
          const el = await renderJourney<LitElement>(tag, CONFIGURED[tag]!);
          for (const step of changes) {
            if ('property' in step) (el as unknown as Record<string, unknown>)[step.property] = step.value;
            else el.setAttribute(step.attribute, String(step.value));
          }
          await settle(el);
          expectUsable(el, 'after the changes');
          expect(uncaught).to.deep.equal([]);
          el.parentElement!.remove();
        }),
        { numRuns: 40 },
      );
    });
  }
});
