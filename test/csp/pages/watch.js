/*
 * The harness's ear: the first script of every /csp/ page (nonce'd by the
 * server like the page's other tags). It records every
 * `securitypolicyviolation` of the document (CSP and Trusted Types alike:
 * both are reported through this event) in `window.__violations` and passes
 * each on to the test page (the parent, same origin) at once, so that a
 * violation just before a navigation (hosted mode) is not lost with the
 * document. On `pagehide` it also passes on which files the page fetched,
 * for the same reason.
 *
 * `window.__cspWatching` tells the test that this script ran: a page whose
 * watcher was blocked (a nonce regression) must not pass for a quiet one.
 */
(() => {
  const violations = [];
  const tell = (message) => {
    if (window.parent !== window) window.parent.postMessage({ cspHarness: message }, location.origin);
  };
  document.addEventListener('securitypolicyviolation', (event) => {
    const violation = {
      directive: event.effectiveDirective || event.violatedDirective,
      blocked: event.blockedURI || '',
      sample: event.sample || '',
      source: event.sourceFile || '',
      line: event.lineNumber || 0,
      page: location.pathname,
    };
    violations.push(violation);
    tell({ violation, page: location.pathname });
  });
  window.addEventListener('pagehide', () => {
    tell({ resources: performance.getEntriesByType('resource').map((entry) => entry.name), page: location.pathname });
  });
  Object.defineProperty(window, '__violations', { value: violations });
  Object.defineProperty(window, '__cspWatching', { value: true });
})();
