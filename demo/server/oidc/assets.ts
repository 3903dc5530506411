/**
 * The hosted screens' own script and style sheet, served from the API
 * origin (`/hosted/hosted.js`, `/hosted/hosted.css`).
 *
 * The script is the only code of the pages besides the package's bundle. It
 * reads no URL, stores nothing and builds no HTML: on the elements' success
 * events it shows the verification form (after register), or submits the
 * page's "complete" form (a same-origin POST carrying only the request id),
 * after which the server decides whether this session may have a code.
 */

export const HOSTED_SCRIPT_PATH = '/hosted/hosted.js';
export const HOSTED_STYLE_PATH = '/hosted/hosted.css';

export const HOSTED_SCRIPT = `// The hosted screens' script (reference server). No HTML is built here: Trusted Types allow lit-html only.
(() => {
  'use strict';
  const complete = document.getElementById('complete');
  const verify = document.getElementById('verify-section');
  let submitted = false;

  /** Hands the end of the journey to the server: it issues a code only to a session that proved an account. */
  function finish() {
    if (!complete || submitted) return;
    submitted = true;
    complete.hidden = false;
    if (typeof complete.requestSubmit === 'function') complete.requestSubmit();
    else complete.submit();
  }

  document.addEventListener('nid-success', (event) => {
    const status = event.detail && event.detail.status;
    if (status === 'verification_sent' && verify) {
      verify.hidden = false;
    } else if (status === 'verified' || status === 'signed_in' || status === 'password_changed') {
      finish();
    }
  });
})();
`;

export const HOSTED_STYLE = `:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
body { margin: 0; padding: 1.5rem; }
header, main, footer { max-width: 34rem; margin: 0 auto; }
.brand { font-weight: 600; margin: 0; }
h1 { font-size: 1.6rem; margin: 0.25rem 0 1rem; }
label { display: block; font-weight: 600; margin-top: 0.75rem; }
input[type="text"], input[type="email"], input[type="password"] { box-sizing: border-box; width: 100%; padding: 0.5rem; font: inherit; }
button { margin-top: 1rem; padding: 0.5rem 1.25rem; font: inherit; cursor: pointer; }
.alert { border-left: 4px solid #b00020; padding: 0.25rem 0.75rem; }
.links { margin-top: 1.5rem; }
dl.profile { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dl.profile dt { font-weight: 600; }
dl.profile dd { margin: 0; }
footer { margin-top: 2rem; opacity: 0.75; font-size: 0.875rem; }
[hidden] { display: none !important; }
`;
