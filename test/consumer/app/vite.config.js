// The consumer app's own Vite config: every page at its root (the test adds
// one made of the README's example); every file at the top of dist/ (the
// reference server the test serves it from serves no folders); a manifest,
// for the test's tree-shaking check.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const pages = readdirSync(root).filter((file) => file.endsWith('.html'));

export default {
  build: {
    assetsDir: '',
    manifest: true,
    rolldownOptions: { input: Object.fromEntries(pages.map((file) => [file.slice(0, -'.html'.length), `${root}${file}`])) },
  },
};
