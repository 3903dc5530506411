/**
 * End to end in Chromium: the invite loop (contract v2 section 8). The demo
 * administrator signs in and invites someone with <nid-invite-form> on
 * admin.html, which posts to the demo site's /api/invite (the server helper,
 * holding the client secret, calls pre-register). The invitation lands in
 * the outbox; its link opens the reference server's stand-in for the
 * vendor's hosted activation screen (on the API origin, a plain form without
 * script), where the invited person chooses a password twice; the service
 * then returns them to the client's app link with an authorization code:
 * the demo site's backend route /auth/invitation, which exchanges it (the
 * callback handler's invitation(): Basic, the app link as redirect_uri)
 * and signs them in, ending on account.html.
 *
 * Needs the built bundle and Chromium: see harness.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page, Request } from 'playwright-core';
import { verifySecret } from '../../demo/server/secrets.js';
import { assertNoSecrets, context, linkFor, newEmail, openPage, outbox, server, useBrowser, type Watched } from './harness.js';

useBrowser();

/** The site's own invite route, as the element resolves its relative `action`. */
const isInviteRoute = (request: Request) => request.method() === 'POST' && new URL(request.url()).pathname === '/api/invite';

/** Records the page's requests to /api/invite (they go to the demo site, not to the API). */
function watchInvites(page: Page): Request[] {
  const requests: Request[] = [];
  page.on('request', (request) => {
    if (isInviteRoute(request)) requests.push(request);
  });
  return requests;
}

/**
 * Opens admin.html signed out (each test starts without the session), which
 * leads to the sign-in page; its one button signs in and comes back.
 */
async function openAdminPage(): Promise<Watched> {
  await context.clearCookies();
  const watched = await openPage('/admin.html');
  const { page } = watched;
  assert.equal(new URL(page.url()).pathname, '/admin-sign-in.html', 'admin.html needs the demo session');
  await page.getByRole('button', { name: 'Sign in as the demo administrator' }).click();
  await page.waitForURL((url) => url.pathname === '/admin.html');
  await page.getByRole('button', { name: 'Send invitation' }).waitFor();
  return watched;
}

async function fillInvitation(page: Page, email: string): Promise<void> {
  await page.getByLabel('First name', { exact: true }).fill('Grace');
  await page.getByLabel('Last name', { exact: true }).fill('Hopper');
  await page.getByLabel('Email address', { exact: true }).fill(email);
}

/**
 * The invited person on the hosted activation stand-in: chooses a password
 * twice, comes back to the client's app link (the backend's invitation
 * route) and lands signed in on account.html. Returns the authorization code
 * the service sent along, read from that request: the page never sees it.
 */
async function activateOnHostedPage(watched: Watched, link: string, password: string): Promise<{ code: string; state: string | null }> {
  const { page } = watched;
  await page.goto(link);
  assert.equal(new URL(page.url()).origin, server.apiUrl, 'the hosted screen is the service’s, not the site’s');
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('Confirm the new password', { exact: true }).fill(password);
  const landing = page.waitForRequest((request) => request.isNavigationRequest() && new URL(request.url()).pathname === '/auth/invitation');
  await page.getByRole('button', { name: 'Activate my account' }).click();
  const url = new URL((await landing).url());
  assert.equal(`${url.origin}${url.pathname}`, server.clients.get('demo-email')!.appLink, 'the client’s app link');
  const code = url.searchParams.get('code');
  assert.ok(code && code.length >= 32, 'an authorization code');
  await page.waitForURL((arrived) => arrived.origin === server.siteUrl && arrived.pathname === '/account.html');
  assert.equal(new URL(page.url()).search, '', 'the code stayed with the backend');
  return { code, state: url.searchParams.get('state') };
}

/** The hosted screen's own history entry holds the invitation link (it has no script to remove it); no other entry does. */
async function assertInvitationCodeOnlyOnHostedEntry(page: Page, invitationCode: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const { entries } = (await cdp.send('Page.getNavigationHistory')) as { entries: { url: string }[] };
  await cdp.detach();
  for (const { url } of entries.filter(({ url }) => url.includes(invitationCode))) {
    assert.equal(new URL(url).origin, server.apiUrl, 'only the hosted screen’s own entry');
    assert.equal(new URL(url).pathname, '/activate');
  }
}

describe('invitations in Chromium', { timeout: 90_000 }, () => {
  it('admin signs in -> invites -> invitation link -> hosted activation stand-in -> signed in by the backend', async () => {
    const watched = await openAdminPage();
    const { page, problems, apiRequests } = watched;
    const invites = watchInvites(page);

    const email = newEmail();
    await fillInvitation(page, email);
    await page.getByRole('checkbox', { name: 'Access to B2B resources' }).check();
    await page.getByLabel('Language', { exact: true }).selectOption('fr-FR');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByRole('status').filter({ hasText: `Invitation sent to ${email}.` }).waitFor();
    await page.locator('#events .nid-success').filter({ hasText: 'invite' }).first().waitFor();

    // What the browser sent: to the site's own route, no credentials, the page's cookie.
    assert.equal(invites.length, 1);
    const request = invites[0]!;
    const headers = await request.allHeaders();
    assert.equal(headers['authorization'], undefined, 'no Authorization header from a browser');
    assert.match(headers['cookie'] ?? '', /nid_demo_admin=/, 'the demo session cookie goes along');
    assert.equal(headers['idempotency-key'], undefined, 'no Idempotency-Key header (contract v2)');
    assert.deepEqual(JSON.parse(request.postData() ?? '{}'), {
      profile_fields: { emailAddress: email, firstName: 'Grace', lastName: 'Hopper', resourceAccessB2b: 'true' },
      locale: 'fr-FR',
      auth_type: 'email',
      resend: false,
    });
    const response = await request.response();
    assert.ok([200, 201].includes(response?.status() ?? 0), `status ${response?.status()}`);
    const { uuid } = (await response?.json()) as { uuid: string };
    assert.equal(apiRequests.length, 0, 'the page never calls the identity service for the invitation');

    // What the service received, through the helper.
    const account = server.store.findAccount('email', email);
    assert.ok(account);
    assert.equal(account.id, uuid);
    assert.equal(account.status, 'invited');
    assert.equal(account.locale, 'fr-FR');
    assert.equal(account.profile['resourceAccessB2b'], 'true');
    assert.equal(await page.getByLabel('Email address', { exact: true }).inputValue(), '', 'the form is ready for the next one');

    // The invited person: the link from the outbox, the hosted activation stand-in, the app.
    const link = await linkFor(email, 'invitation');
    assert.ok(link.startsWith(`${server.apiUrl}/activate?code=`), link);
    const invitationCode = new URL(link).searchParams.get('code')!;
    const password = 'Grace’s compiler 1952';
    const { code } = await activateOnHostedPage(watched, link, password);
    const activated = server.store.findAccount('email', email);
    assert.equal(activated?.status, 'active');
    assert.ok(activated.passwordHash && (await verifySecret(password, activated.passwordHash)));
    await page.getByText(`Signed in as Grace Hopper (${email})`).waitFor();
    const session = await page.evaluate(async () => (await fetch('/auth/session')).json());
    assert.equal(session.claims.sub, activated.id, 'the backend exchanged the invitation’s code: a session for the invited person');
    assert.equal(session.claims.email, email);
    assert.equal(server.store.findAuthorizationCode(code), undefined, 'the code is used up');

    await assertNoSecrets(watched, [password, code]);
    await assertInvitationCodeOnlyOnHostedEntry(page, invitationCode);
    assert.deepEqual(problems, [], 'no errors and no CSP violations on the pages');

    // The code again (a replay of the app link): refused, the failure shown on account.html.
    const replay = page.waitForRequest((request) => request.isNavigationRequest() && new URL(request.url()).pathname === '/account.html');
    await page.goto(`${server.clients.get('demo-email')!.appLink}?code=${encodeURIComponent(code)}`);
    assert.equal(new URL((await replay).url()).searchParams.get('error'), 'token_error');
    await page.getByText(/The sign-in did not complete: token_error/).waitFor();

    // The link again: used.
    const again = await page.goto(link);
    assert.equal(again?.status(), 410);
    await page.getByRole('heading', { name: 'This link does not work' }).waitFor();
    await page.close();
  });

  it('an invitation with a state (server.invite) returns it beside the code, and the person is signed in', async () => {
    const email = newEmail();
    server.invite({ clientId: 'demo-email', channel: 'email', identifier: email, profile: { firstName: 'Ada', lastName: 'Lovelace' }, state: 'invite-e2e-state' });
    const [message] = (await outbox()).filter((m) => m.to === email);
    assert.equal(message?.kind, 'invitation');
    assert.match(message.body, /^Hello Ada,/);

    const watched = await openPage('/outbox');
    await watched.page.locator('article.message', { hasText: email }).getByRole('link', { name: /\/activate\?code=/ }).click();
    await watched.page.getByText(`You were invited as ${email}.`, { exact: false }).waitFor();
    const password = 'Ada’s analytical engine';
    const { state } = await activateOnHostedPage(watched, watched.page.url(), password);
    assert.equal(state, 'invite-e2e-state');
    await watched.page.getByText(`Signed in as Ada Lovelace (${email})`).waitFor();
    await assertNoSecrets(watched, [password]);
    assert.deepEqual(watched.problems, []);
    await watched.page.close();
  });

  it('relays a resend inside the resend window as a countdown', async () => {
    const { page, problems } = await openAdminPage();
    const email = newEmail();
    await fillInvitation(page, email);
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByRole('status').filter({ hasText: `Invitation sent to ${email}.` }).waitFor();

    await fillInvitation(page, email);
    await page.getByRole('checkbox', { name: 'Send the invitation again if this person was already invited' }).check();
    await page.getByRole('button', { name: 'Send invitation' }).click();
    // The countdown shows the wait (the alert only announces it to screen readers).
    await page.getByRole('timer').filter({ hasText: /Try again in/ }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Send invitation' }).getAttribute('aria-disabled'), 'true');
    assert.equal((await outbox()).filter((m) => m.to === email).length, 1, 'one invitation');
    assert.deepEqual(problems.filter((p) => !/\b429\b/.test(p)), [], 'no errors besides the 429 itself');
    await page.close();
  });

  it('says so when the session has ended (403 from authorize), and admin.html asks to sign in again', async () => {
    const { page, problems } = await openAdminPage();
    await page.context().clearCookies(); // signed out elsewhere, or the session expired
    const email = newEmail();
    await fillInvitation(page, email);
    const refused = page.waitForResponse((response) => isInviteRoute(response.request()));
    await page.getByRole('button', { name: 'Send invitation' }).click();
    const response = await refused;
    assert.equal(response.status(), 403);
    assert.equal(((await response.json()) as { error: string }).error, 'access_denied');
    // The element's own text for access_denied.
    await page.getByRole('alert').filter({ hasText: 'You are not allowed to do this. Sign in again, then try again.' }).waitFor();
    assert.equal(server.store.findAccount('email', email), undefined);
    assert.equal(await page.getByLabel('Email address', { exact: true }).inputValue(), email, 'input kept');
    await page.reload();
    assert.equal(new URL(page.url()).pathname, '/admin-sign-in.html');
    assert.deepEqual(problems.filter((p) => !/\b403\b/.test(p)), [], 'no errors besides the 403 itself');
    await page.close();
  });
});
