/**
 * End to end in Chromium: the invite loop. The demo administrator signs in,
 * invites someone with <nid-invite-form> on admin.html (which posts to the
 * demo site's /api/invite: the server helper, holding the client secret),
 * the invitation lands in the outbox, and the invited person follows its
 * link, completes the activation form and lands on the client's app link.
 *
 * Needs the built bundle and Chromium: see harness.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page, Request } from 'playwright-core';
import { verifySecret } from '../../demo/server/secrets.js';
import { context, landedOnApp, linkFor, newEmail, openPage, server, useBrowser, type Watched } from './harness.js';

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

describe('invitations in Chromium', { timeout: 90_000 }, () => {
  it('admin signs in -> invites -> outbox -> the invitee activates, sets a password, accepts the terms -> the app link', async () => {
    const { page, problems, apiRequests } = await openAdminPage();
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
    assert.ok(headers['idempotency-key']);
    assert.deepEqual(JSON.parse(request.postData() ?? '{}'), {
      profile_fields: { emailAddress: email, firstName: 'Grace', lastName: 'Hopper', resourceAccessB2b: 'true' },
      locale: 'fr-FR',
      auth_type: 'email',
      resend: false,
    });
    const response = await request.response();
    assert.equal(response?.status(), 200);
    const { uuid } = (await response?.json()) as { uuid: string };
    assert.equal(apiRequests.length, 0, 'the page never calls the identity service for the invitation');

    // What the service received, through the helper.
    const account = server.store.findAccount('email', email);
    assert.ok(account);
    assert.equal(account.id, uuid);
    assert.equal(account.status, 'invited');
    assert.equal(account.locale, 'fr-FR');
    assert.equal(account.profile['resourceAccessB2b'], 'true');
    assert.equal(account.authRequest?.redirectUri, `${server.siteUrl}/app.html`, "the helper's default redirect_uri");
    assert.equal(await page.getByLabel('Email address', { exact: true }).inputValue(), '', 'the form is ready for the next one');

    // The invited person: the link from the outbox, the completion form, the app.
    const link = await linkFor(page, email, /activate\.html\?token=/);
    await page.goto(link);
    await page.getByRole('button', { name: 'Activate account' }).click();
    const password = 'Grace’s compiler 1952';
    const passwordField = page.getByLabel('Password', { exact: true });
    await passwordField.waitFor();
    assert.equal(await page.getByLabel('First name', { exact: true }).inputValue(), 'Grace');
    await page.getByLabel('Security question 1', { exact: true }).selectOption({ label: 'What was the name of your first pet?' });
    await page.getByLabel('Answer 1', { exact: true }).fill('Moth');
    await page.getByLabel('Security question 2', { exact: true }).selectOption({ label: 'In which city were you born?' });
    await page.getByLabel('Answer 2', { exact: true }).fill('New York');
    await passwordField.fill(password);
    await page.getByLabel('Confirm password', { exact: true }).fill(password);
    await page.getByRole('checkbox', { name: 'I accept the terms of use' }).check();
    await page.getByRole('checkbox', { name: 'I have read the privacy notice' }).check();
    await page.getByRole('button', { name: 'Activate account' }).click();

    const landed = await landedOnApp(page);
    assert.equal(`${landed.url.origin}${landed.url.pathname}`, server.clients.get('demo-email')!.appLink);
    assert.ok(landed.code.length >= 32, `a code: ${landed.code}`);
    const activated = server.store.findAccount('email', email);
    assert.equal(activated?.status, 'active');
    assert.ok(activated.passwordHash);
    assert.equal(await verifySecret(password, activated.passwordHash), true);
    assert.deepEqual(activated.consents, { terms: true, privacy: true });
    assert.deepEqual(problems, [], 'no errors and no CSP violations on the pages');
    await page.close();
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
    assert.equal(server.store.outbox().filter((m) => m.to === email).length, 1, 'one invitation');
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
