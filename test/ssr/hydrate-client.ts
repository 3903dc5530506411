/**
 * The browser side of a server-rendered test page (ssr-plugin.mjs): Lit's
 * hydrate support first, so that LitElement finds it when it loads, then the
 * four elements, defined. One module graph, one copy of Lit.
 */
import '@lit-labs/ssr-client/lit-element-hydrate-support.js';
import '../../src/index.js';
