/**
 * The custom elements manifest (dist/custom-elements.json): Storybook autodocs,
 * editor hints and the README's tables come from it.
 */
export default {
  globs: ['src/elements/**/*.ts', 'src/core/*.ts', 'src/events.ts'],
  outdir: 'dist',
  litelement: true,
  plugins: [
    {
      name: 'nid:tidy',
      // The base class's `define(tag)` helper and its `dispatchEvent(new NidErrorEvent(...))`
      // read to the analyzer as a definition named "tag" and an event without a name; the
      // events are documented with @event on each element instead.
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          module.exports = (module.exports ?? []).filter((entry) => entry.kind !== 'custom-element-definition' || entry.name !== 'tag');
          for (const declaration of module.declarations ?? []) {
            if (declaration.events) declaration.events = declaration.events.filter((event) => event.name);
          }
        }
      },
    },
  ],
};
