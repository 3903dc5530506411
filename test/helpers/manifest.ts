/**
 * The custom elements manifest (dist/custom-elements.json, written by
 * `npm run build` and `npm run test:browser`'s pre-step) as the tests read
 * it: each element's documented API, by tag.
 */
export interface ElementApi {
  /** Public, writable instance fields: what a user can set as properties. */
  properties: string[];
  attributes: string[];
  parts: string[];
  cssProperties: string[];
}

interface Declaration {
  tagName?: string;
  members?: { kind: string; name: string; privacy?: string; static?: boolean; readonly?: boolean }[];
  attributes?: { name: string }[];
  cssParts?: { name: string }[];
  cssProperties?: { name: string }[];
}

const names = (list: { name: string }[] | undefined) => (list ?? []).map((entry) => entry.name);

export async function elementApis(): Promise<Map<string, ElementApi>> {
  const response = await fetch('/dist/custom-elements.json');
  if (!response.ok) throw new Error('dist/custom-elements.json is missing: run npm run build');
  const manifest = (await response.json()) as { modules: { declarations?: Declaration[] }[] };
  const apis = new Map<string, ElementApi>();
  for (const declaration of manifest.modules.flatMap((module) => module.declarations ?? [])) {
    if (!declaration.tagName) continue;
    const properties = (declaration.members ?? []).filter(
      (member) => member.kind === 'field' && !member.static && !member.readonly && (member.privacy ?? 'public') === 'public' && !member.name.startsWith('#'),
    );
    apis.set(declaration.tagName, {
      properties: names(properties),
      attributes: names(declaration.attributes),
      parts: names(declaration.cssParts),
      cssProperties: names(declaration.cssProperties),
    });
  }
  return apis;
}
