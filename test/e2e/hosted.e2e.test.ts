/**
 * End to end in Chromium: hosted mode (contract sections 6 and 7, issue #13)
 * on the demo's hosted.html, both ways of finishing a journey.
 *
 * - In the browser: `<nid-register mode="hosted">` sends the user to the
 *   service's /register screen; they register and verify there, come back to
 *   callback.html with a code, and `completeJourney` signs them in (PKCE,
 *   state, nonce, the ID token's signature). Then "Sign out" ends the
 *   service's session through /endsession.
 * - Through the site's backend: /auth/sign-in opens the hosted sign-in, the
 *   backend's /auth/callback exchanges the code with the client secret, and
 *   account.html shows who is signed in; the browser holds only HttpOnly
 *   cookies, never a token.
 *
 * Needs the built bundle (and its oauth chunk) and Chromium: see harness.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { context, newEmail, openPage, pinFor, server, signInOnHostedScreen, useBrowser } from './harness.js';

useBrowser();

const PASSWORD = 'Quiet-lantern-47-orchard';

/** Waits until the page is at `path` on `origin`, and returns the URL it arrived at. */
async function arrivedAt(page: Page, origin: string, path: string): Promise<URL> {
  await page.waitForURL((url) => url.origin === origin && url.pathname === path);
  return new URL(page.url());
}

/** Registers and verifies on the service's hosted /register screen (the reference server's stand-in). */
async function registerOnHostedScreen(page: Page, email: string): Promise<void> {
  const register = page.locator('nid-register');
  await register.getByLabel('Email address', { exact: true }).fill(email);
  // demo-email's settings: names and two security questions are required.
  await register.getByLabel('First name', { exact: true }).fill('Ada');
  await register.getByLabel('Last name', { exact: true }).fill('Lovelace');
  await register.getByLabel('Security question 1', { exact: true }).selectOption({ label: 'What was the name of your first pet?' });
  await register.getByLabel('Answer 1', { exact: true }).fill('Pebbles the tortoise');
  await register.getByLabel('Security question 2', { exact: true }).selectOption({ label: 'In which city were you born?' });
  await register.getByLabel('Answer 2', { exact: true }).fill('London, England');
  await register.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await register.getByLabel('Confirm password', { exact: true }).fill(PASSWORD);
  for (const consent of await register.getByRole('checkbox').all()) await consent.check();
  await register.getByRole('button', { name: 'Create account' }).click();
  const activate = page.locator('nid-activate');
  await activate.getByLabel('Verification code', { exact: true }).waitFor();
  await activate.getByLabel('Verification code', { exact: true }).fill(await pinFor(email));
  await activate.getByRole('button', { name: 'Verify account' }).click();
}

describe('hosted mode end to end (Chromium)', { timeout: 90_000 }, () => {
  it('in the browser: the hosted register screen, back to callback.html, signed in by completeJourney, signed out', async () => {
    await context.clearCookies();
    const watched = await openPage('/hosted.html');
    const { page, problems } = watched;
    const email = newEmail();

    await page.locator('nid-register').getByRole('button', { name: 'Create account' }).click();
    const hosted = await arrivedAt(page, server.apiUrl, '/register');
    for (const name of ['client_id', 'redirect_uri', 'state', 'nonce', 'code_challenge']) assert.ok(hosted.searchParams.get(name), name);
    assert.equal(hosted.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(hosted.searchParams.get('redirect_uri'), `${server.siteUrl}/callback.html`);

    await registerOnHostedScreen(page, email);
    await arrivedAt(page, server.siteUrl, '/callback.html');
    await page.getByText(`Signed in as Ada Lovelace (${email})`).waitFor();
    assert.equal(new URL(page.url()).search, '', 'the code and state left the address bar');
    assert.equal(await page.locator('#claims dd').first().isVisible(), true);
    const stored = await page.evaluate(() => ({ session: JSON.stringify(sessionStorage), local: JSON.stringify(localStorage) }));
    assert.equal(stored.local, '{}', 'no token in localStorage');
    assert.doesNotMatch(stored.session, /verifier/, 'the pending journey was used up');

    await page.getByRole('button', { name: 'Ask the service again (/userinfo)' }).click();
    await page.locator('#userinfo-result').getByText(email).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await arrivedAt(page, server.siteUrl, '/');
    // The service's session ended: its sign-in screen asks for the password again.
    await page.goto(`${server.siteUrl}/hosted.html`);
    await page.getByRole('button', { name: 'Sign in' }).first().click();
    await arrivedAt(page, server.apiUrl, '/authorize');
    await page.getByLabel('Password', { exact: true }).waitFor();
    assert.deepEqual(problems, [], problems.join('\n'));
    await page.close();
  });

  it('through the backend: hosted sign-in, the code exchanged by /auth/callback, account.html signed in, tokens never in the browser', async () => {
    await context.clearCookies();
    const email = newEmail();
    // An account to sign in with, registered through the browser flow's hosted screen.
    const setup = await openPage('/hosted.html');
    await setup.page.locator('nid-register').getByRole('button', { name: 'Create account' }).click();
    await arrivedAt(setup.page, server.apiUrl, '/register');
    await registerOnHostedScreen(setup.page, email);
    await arrivedAt(setup.page, server.siteUrl, '/callback.html');
    await setup.page.close();
    await context.clearCookies(); // a new visit: no session with the service, none with the site

    const watched = await openPage('/hosted.html');
    const { page, problems } = watched;
    const tokenAnswers: string[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/token') tokenAnswers.push(response.url());
    });
    await page.getByRole('link', { name: 'Sign in' }).click();
    await signInOnHostedScreen(page, email, PASSWORD);
    await page.getByText(`Signed in as Ada Lovelace (${email})`).waitFor();
    assert.deepEqual(tokenAnswers, [], 'the browser never called /token: the backend did');

    const cookies = await context.cookies(server.siteUrl);
    const session = cookies.find((cookie) => cookie.name === 'nid_demo');
    assert.ok(session, `the session cookie (${cookies.map((cookie) => cookie.name).join(', ')})`);
    assert.equal(session.httpOnly, true);
    assert.equal(await page.evaluate(() => document.cookie.includes('nid_demo')), false, 'no script reads it');
    const answer = await page.evaluate(async () => (await fetch('/auth/session')).text());
    assert.doesNotMatch(answer, /access_token|accessToken|id_token|refresh/i, 'the session route gives claims only');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await arrivedAt(page, server.siteUrl, '/');
    const after = await page.evaluate(async () => (await fetch('/auth/session')).json());
    assert.deepEqual(after, { signed_in: false }, 'signed out of the site');
    assert.deepEqual(problems, [], problems.join('\n'));
    await page.close();
  });
});
