/**
 * The manifest `npm run storybook` and `npm run build-storybook` generate
 * into .storybook/generated/ before they start (see package.json). Declared
 * here so that the typecheck, which runs before any of them, passes on a
 * fresh clone.
 */
declare module '*/generated/custom-elements.json' {
  const manifest: import('./manifest.js').Manifest;
  export default manifest;
}
