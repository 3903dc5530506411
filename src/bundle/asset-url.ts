/**
 * Where the classic script-tag bundle (`nid-journeys.js`) finds its lazy
 * files: beside itself, read from `document.currentScript` while it runs for
 * the first time (the only moment that is set), or where
 * `NID_JOURNEYS_ASSET_BASE` or the tag's own `data-asset-base` says.
 *
 * Nothing else: no search of the page's `<script>` tags and no fallback to the
 * page's URL, since a tag injected into the page (even one the CSP blocks)
 * or a `<base>` would then decide where `import()` fetches code, and
 * 'strict-dynamic' would run it. Loaded as a module, use `nid-journeys.mjs`
 * (asset-url.module.ts), which knows its own URL.
 */
import { explicitAssetBase, unknownAssetBase } from './asset-base.js';

/** The tag's own `data-asset-base`, then the page's setting, then beside the bundle. */
function findBase(): string | undefined {
  const script = document.currentScript;
  const own = script instanceof HTMLScriptElement && script.src ? script : undefined;
  const declared = own?.dataset['assetBase'];
  if (own && declared) return new URL(declared, own.src).href;
  return explicitAssetBase() ?? own?.src;
}

const base = findBase();
// Said once, when the bundle runs: every form needs its transport chunk, so this is never a false alarm.
if (base === undefined) console.warn(unknownAssetBase().message);

/** The absolute URL of a file shipped beside the bundle; throws when the bundle cannot tell where that is. */
export function assetUrl(file: string): string {
  if (base === undefined) throw unknownAssetBase();
  return new URL(file, base).href;
}
