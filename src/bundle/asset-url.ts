/**
 * Where the script-tag bundle was loaded from, so that its lazy parts (the
 * phone chunk, locale modules) load from beside it, whichever page hosts it.
 *
 * Read once, while the bundle runs for the first time: `document.currentScript`
 * is only set during that first run, and only for classic scripts. A bundle
 * loaded with `type="module"` or injected later is found by its file name.
 */
const BUNDLE_FILE = /\/nid-journeys(\.min)?\.js(\?|#|$)/;

function findBundleUrl(): string {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.src) return current.src;
  const tagged = [...document.querySelectorAll<HTMLScriptElement>('script[src]')].find((script) => BUNDLE_FILE.test(script.src));
  return tagged?.src ?? document.baseURI;
}

const bundleUrl = findBundleUrl();

/** The absolute URL of a file shipped beside the bundle. */
export function assetUrl(file: string): string {
  return new URL(file, bundleUrl).href;
}
