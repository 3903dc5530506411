/*
 * Deliberate violations for the harness's self-test (violate.html): this file
 * is allowed (nonce'd), what it does is not. Each attempt is caught: the
 * point is that the browser reports it as a `securitypolicyviolation`.
 */
(() => {
  const attempts = [];
  // Trusted Types, where the engine has them: a plain string into an HTML sink,
  // and a policy whose name `trusted-types lit-html` does not allow.
  if (window.trustedTypes) {
    try {
      document.body.insertAdjacentHTML('beforeend', '<b>not trusted</b>');
      attempts.push('insertAdjacentHTML ran');
    } catch {
      attempts.push('insertAdjacentHTML blocked');
    }
    try {
      window.trustedTypes.createPolicy('not-lit-html', { createHTML: (value) => value });
      attempts.push('createPolicy ran');
    } catch {
      attempts.push('createPolicy blocked');
    }
  }
  Object.defineProperty(window, '__attempts', { value: attempts });
})();
