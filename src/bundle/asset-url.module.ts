/**
 * Where the module bundle (`nid-journeys.mjs`) finds its lazy files: beside
 * itself, by `import.meta.url`, which nothing on the page can change; or
 * where `NID_JOURNEYS_ASSET_BASE` says, when the page set it.
 */
import { explicitAssetBase } from './asset-base.js';

const base = explicitAssetBase() ?? import.meta.url;

/** The absolute URL of a file shipped beside the bundle. */
export function assetUrl(file: string): string {
  return new URL(file, base).href;
}
