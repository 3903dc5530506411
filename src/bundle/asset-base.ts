/**
 * The one place, besides where the bundle itself was loaded from, that may
 * say where its lazy files are (the transport, phone and oauth chunks, the
 * locale files): `window.NID_JOURNEYS_ASSET_BASE`, a URL string set before
 * the bundle loads (a CDN of your own, a bundle served under another name).
 *
 * Only a string counts: HTML injected elsewhere on the page can make
 * `window.NID_JOURNEYS_ASSET_BASE` an element (`<a id="NID_JOURNEYS_ASSET_BASE">`,
 * DOM clobbering), never a string, so it cannot redirect the chunks.
 */
declare global {
  interface Window {
    /** Where the script-tag bundle's lazy files are, when not beside the bundle (see README). */
    NID_JOURNEYS_ASSET_BASE?: string;
  }
}

/** `NID_JOURNEYS_ASSET_BASE` as an absolute URL, when it is a string that parses. */
export function explicitAssetBase(): string | undefined {
  const value: unknown = (globalThis as { NID_JOURNEYS_ASSET_BASE?: unknown }).NID_JOURNEYS_ASSET_BASE;
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    return new URL(value, document.baseURI).href;
  } catch {
    return undefined;
  }
}

/** The error every lazy load rejects with when the bundle cannot tell where its files are. */
export function unknownAssetBase(): Error {
  return new Error(
    'nid-journeys: the script-tag bundle cannot tell where its lazy files are. Load nid-journeys.js with a classic <script src>, ' +
      'load nid-journeys.mjs as a module, or set window.NID_JOURNEYS_ASSET_BASE before it loads.',
  );
}
