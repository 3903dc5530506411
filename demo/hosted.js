// The hosted-screen pages of the demo (hosted.html, callback.html,
// account.html): a module, so it imports nid-journeys/oauth as a script-tag
// site can, from the chunk beside the bundle. No inline scripts, no HTML
// parsing: everything shown is set with textContent.
const config = window.NID_DEMO || { apiBase: '', siteUrl: location.origin, envId: '' };
const site = location.origin;
const page = document.body.dataset.page;

/** The browser's flow: a public client with PKCE, returning to callback.html on this origin. */
const browserClient = {
  baseDomain: config.apiBase,
  clientId: 'demo-email',
  redirectUri: `${site}/callback.html`,
};
const SCOPE = 'openid profile email phone';

/** Claims worth showing, in this order; the rest of the ID token stays out of the page. */
const SHOWN_CLAIMS = ['name', 'given_name', 'family_name', 'email', 'email_verified', 'phone_number', 'phone_number_verified', 'sub'];

const oauth = () => import('/dist/nid-journeys-oauth.js');

function showClaims(claims) {
  const contact = claims.email || claims.phone_number;
  const who = claims.name ? `${claims.name}${contact ? ` (${contact})` : ''}` : contact || claims.sub;
  document.getElementById('signed-in-as').textContent = `Signed in as ${who}`;
  const list = document.getElementById('claims');
  list.replaceChildren();
  for (const name of SHOWN_CLAIMS) {
    if (claims[name] === undefined) continue;
    const term = document.createElement('dt');
    term.textContent = name;
    const value = document.createElement('dd');
    value.textContent = String(claims[name]);
    list.append(term, value);
  }
  document.getElementById('signed-in').hidden = false;
}

function fail(text) {
  const failure = document.getElementById('failure');
  failure.textContent = text;
  failure.hidden = false;
}

/** The elements in hosted mode and a sign-in button, all returning to callback.html. */
function setUpHosted() {
  const container = document.getElementById('browser-journeys');
  const attributes = [
    ['mode', 'hosted'],
    ['base-domain', config.apiBase],
    ['client-id', browserClient.clientId],
    ['redirect-uri', browserClient.redirectUri],
    ['scope', SCOPE],
  ];
  const markup = [];
  for (const tag of ['nid-register', 'nid-forgot-password']) {
    const element = document.createElement(tag);
    for (const [name, value] of attributes) element.setAttribute(name, value);
    container.append(element);
    markup.push(`<${tag}\n${attributes.map(([name, value]) => `  ${name}="${value}"`).join('\n')}\n></${tag}>`);
  }
  const signIn = document.getElementById('browser-sign-in');
  signIn.addEventListener('click', async () => {
    signIn.disabled = true;
    try {
      const { startJourney } = await oauth();
      await startJourney({ ...browserClient, journey: 'authorize', scope: SCOPE });
    } catch (error) {
      const message = document.getElementById('browser-error');
      message.textContent = `The sign-in could not start (${error && error.name}).`;
      message.hidden = false;
      signIn.disabled = false;
    }
  });
  markup.push(
    `<button type="button" id="sign-in">Sign in</button>\n<script type="module">\n` +
      `import { startJourney } from '/dist/nid-journeys-oauth.js';\n` +
      `document.getElementById('sign-in').addEventListener('click', () =>\n` +
      `  startJourney({ journey: 'authorize', baseDomain: '${config.apiBase}', clientId: '${browserClient.clientId}', redirectUri: '${browserClient.redirectUri}', scope: '${SCOPE}' }));\n</script>`,
  );
  document.getElementById('markup').textContent = `<script src="/dist/nid-journeys.js"></script>\n\n${markup.join('\n\n')}`;
}

/** completeJourney, then the claims; the tokens live in this function's memory only. */
async function setUpCallback() {
  const status = document.getElementById('status');
  const { completeJourney, userInfo, signOutUrl } = await oauth();
  let result;
  try {
    result = await completeJourney(browserClient);
  } catch (error) {
    status.textContent = '';
    // The typed error: state_mismatch (a reload, or another tab), access_denied (cancelled), token_error, invalid_id_token, network.
    fail(`The sign-in did not complete: ${error.code || error.name}${error.detail ? ` (${error.detail})` : ''}.`);
    return;
  }
  status.textContent = 'Signed in.';
  showClaims(result.claims);
  const output = document.getElementById('userinfo-result');
  document.getElementById('userinfo').addEventListener('click', async () => {
    try {
      const info = await userInfo({ ...browserClient, accessToken: result.tokens.accessToken, expectedSubject: result.claims.sub });
      output.textContent = JSON.stringify(info, null, 2);
    } catch (error) {
      output.textContent = `userinfo failed: ${error.code || error.name}`;
    }
    output.hidden = false;
  });
  document.getElementById('sign-out').addEventListener('click', async () => {
    const url = await signOutUrl({ ...browserClient, postLogoutRedirectUri: `${site}/`, idTokenHint: result.tokens.idToken });
    location.assign(url);
  });
}

/** The backend's session: claims only, from /auth/session. */
async function setUpAccount() {
  const status = document.getElementById('status');
  const error = new URLSearchParams(location.search).get('error');
  if (error) {
    history.replaceState(history.state, '', location.pathname);
    fail(`The sign-in did not complete: ${error}.`);
  }
  const response = await fetch('/auth/session', { credentials: 'same-origin', cache: 'no-store' });
  status.textContent = '';
  const session = response.ok ? await response.json() : { signed_in: false };
  if (session.signed_in) {
    showClaims(session.claims);
    status.textContent = 'Signed in.';
  } else {
    document.getElementById('signed-out').hidden = false;
  }
}

if (page === 'hosted') setUpHosted();
else if (page === 'callback') setUpCallback();
else if (page === 'account') setUpAccount();
