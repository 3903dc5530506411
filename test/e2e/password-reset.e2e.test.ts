/**
 * End to end in Chromium: forgot-password.html and <nid-forgot-password>
 * (contract v2 section 5). Step 1 asks for a reset; by email the link in the
 * outbox comes back to the page with `?code=`, which the element takes out
 * of the address bar before anything is sent, then the new password goes
 * through the token call (the code for an access token) and change-password
 * (with that token as a Bearer). By SMS the PIN is typed into the same view
 * as the new password.
 *
 * Needs the built bundle and Chromium: see harness.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Locator, Request } from 'playwright-core';
import { verifySecret } from '../../demo/server/secrets.js';
import {
  PATHS,
  assertNoSecrets,
  bodyOf,
  expectText,
  fetchLog,
  linkFor,
  newEmail,
  newMobile,
  openPage,
  outbox,
  pinFor,
  requestsTo,
  server,
  useBrowser,
  verifiedAccount,
  watchAccessTokens,
  type Watched,
  signInOnHostedScreen,
} from './harness.js';

useBrowser();

const sentText = (to: string, what: 'link' | 'code') => `If an account exists for ${to}, we have sent a ${what} to reset your password.`;

async function openForgot(client: string, reuse?: Watched): Promise<Watched & { form: Locator }> {
  const watched = await openPage(`/forgot-password.html?client=${client}`, reuse);
  const form = watched.page.locator('nid-forgot-password');
  await form.getByRole('button', { name: 'Send reset link' }).waitFor();
  return { ...watched, form };
}

/** Step 1 with an email address, up to the neutral "sent" message. */
async function requestLink(form: Locator, email: string): Promise<void> {
  await form.getByLabel('Email address', { exact: true }).fill(email);
  await form.getByRole('button', { name: 'Send reset link' }).click();
  await expectText(form, sentText(email, 'link'));
  await form.getByRole('button', { name: 'Send the link again' }).waitFor();
}

async function passwordHash(channel: 'email' | 'sms', identifier: string): Promise<string> {
  const hash = server.store.findAccount(channel, identifier)?.passwordHash;
  assert.ok(hash, 'the account has a password');
  return hash;
}

/**
 * Neither the page's address (at any fetch) nor any request the page made
 * after opening the link (the link's own navigation aside) carries the code.
 */
async function assertCodeNeverLeft(watched: Watched, code: string, linkRequests: Request[]): Promise<void> {
  const fetches = await fetchLog(watched.page);
  assert.ok(fetches.length > 0, 'the page fetched something (its settings, at least)');
  for (const { href } of fetches) assert.ok(!href.includes(code), 'the code was out of the address bar before the first request');
  const made = linkRequests.filter((request) => !(request.isNavigationRequest() && request.url().includes(`code=${code}`)));
  assert.ok(made.length > 0, 'the page made requests after opening the link');
  for (const request of made) {
    assert.ok(!request.url().includes(code), `no request URL carries the code: ${new URL(request.url()).pathname}`);
    assert.ok(!(request.headers()['referer'] ?? '').includes(code), 'no Referer carries it (the pages are no-referrer)');
  }
}

describe('password reset in Chromium', { timeout: 90_000 }, () => {
  it('forgot -> link from the outbox in the same tab -> code out of the URL -> new password -> changed; the old link has expired', async () => {
    const email = newEmail();
    const oldPassword = 'the old long password';
    await verifiedAccount('demo-minimal', email, oldPassword);

    const watched = await openForgot('demo-minimal');
    const { page, form, problems, apiRequests } = watched;
    const tokens = watchAccessTokens(watched);
    await requestLink(form, email);
    assert.deepEqual(bodyOf(requestsTo(apiRequests, PATHS.forgot)[0]), {
      client_id: 'demo-minimal',
      auth_type: 'email',
      user_id: email,
      redirect_uri: `${server.siteUrl}/forgot-password.html`,
      locale: 'en-US',
    });

    // The link from the outbox, opened in the same tab.
    const link = await linkFor(email, 'password_reset');
    assert.ok(link.startsWith(`${server.siteUrl}/forgot-password.html?code=`), link);
    const code = new URL(link).searchParams.get('code')!;
    const before = watched.requests.length;
    await page.goto(link);
    const newPassword = form.getByLabel('New password', { exact: true });
    await newPassword.waitFor();
    assert.equal(new URL(page.url()).search, '', 'the element removed the code from the address bar');
    assert.equal(await form.getAttribute('client-id'), 'demo-minimal', 'the page remembered the client that asked');
    assert.equal(await form.getByLabel('Email address', { exact: true }).count(), 0, 'this tab did step 1: no address to type');
    assert.equal(requestsTo(apiRequests, PATHS.token).length, 0, 'nothing is sent before the user submits');

    const chosen = 'a fresh 🔑 passphrase';
    await newPassword.fill(chosen);
    await form.getByLabel('Confirm new password', { exact: true }).fill(chosen);
    await form.getByRole('button', { name: 'Set new password' }).click();
    await expectText(form, 'Your password has been changed.');
    assert.equal(await form.getByRole('link', { name: 'Sign in' }).getAttribute('href'), `${server.siteUrl}/auth/sign-in`);

    const [token, ...moreTokens] = requestsTo(apiRequests, PATHS.token);
    assert.equal(moreTokens.length, 0);
    assert.deepEqual(bodyOf(token), {
      grant_type: 'authorization_code',
      client_id: 'demo-minimal',
      auth_type: 'email',
      user_id: email,
      redirect_uri: `${server.siteUrl}/forgot-password.html`,
      code,
    });
    const [change, ...moreChanges] = requestsTo(apiRequests, PATHS.changePassword);
    assert.equal(moreChanges.length, 0);
    assert.deepEqual(bodyOf(change, { bearer: true }), { client_id: 'demo-minimal', password: chosen, password_confirm: chosen, locale: 'en-US' });
    assert.equal(tokens.length, 1);
    assert.equal(change!.headers()['authorization'], `Bearer ${tokens[0]}`, 'the access token of the token call, as a Bearer');
    const hash = await passwordHash('email', email);
    assert.equal(await verifySecret(chosen, hash), true);
    assert.equal(await verifySecret(oldPassword, hash), false);

    await assertCodeNeverLeft(watched, code, watched.requests.slice(before));
    await assertNoSecrets(watched, [chosen, code, ...tokens]);
    assert.deepEqual(problems, [], 'no errors and no CSP violations on the pages');

    // The loop's end: "Sign in" leads through the site's backend to the hosted sign-in, where the new password works.
    await form.getByRole('link', { name: 'Sign in' }).click();
    await signInOnHostedScreen(page, email, chosen);
    await page.getByText(`Signed in as ${email}`).waitFor();

    // The same link again: used, so expired; step 1 again with the address kept.
    await page.goto(link);
    await newPassword.waitFor();
    const another = 'yet another passphrase';
    await newPassword.fill(another);
    await form.getByLabel('Confirm new password', { exact: true }).fill(another);
    await form.getByRole('button', { name: 'Set new password' }).click();
    await expectText(form, 'This link has expired.');
    await form.getByRole('button', { name: 'Request a new link' }).click();
    const identifier = form.getByLabel('Email address', { exact: true });
    await identifier.waitFor();
    assert.equal(await identifier.inputValue(), email, 'the address is kept');
    await form.getByRole('button', { name: 'Send reset link' }).waitFor();
    assert.equal(await verifySecret(another, await passwordHash('email', email)), false, 'nothing changed');
    await page.locator('#events .nid-error').filter({ hasText: 'expired_link' }).first().waitFor();
    await assertNoSecrets(watched, [chosen, another, code, ...tokens]);
    assert.deepEqual(problems.filter((p) => !/\b422\b/.test(p)), [], 'no errors besides the 422 of the used code');
    await page.close();
  });

  it('the link opened in another tab: the page remembers the client, the element asks for the address too', async () => {
    const email = newEmail();
    await verifiedAccount('demo-minimal', email, 'the old long password');
    const first = await openForgot('demo-minimal');
    await requestLink(first.form, email);
    await first.page.close();

    const link = await linkFor(email, 'password_reset');
    const code = new URL(link).searchParams.get('code')!;
    const watched = await openPage(link);
    const { page, problems, apiRequests } = watched;
    const tokens = watchAccessTokens(watched);
    const form = page.locator('nid-forgot-password');
    const identifier = form.getByLabel('Email address', { exact: true });
    await identifier.waitFor();
    assert.equal(new URL(page.url()).search, '', 'the code is out of the address bar');
    assert.equal(await form.getAttribute('client-id'), 'demo-minimal');
    await identifier.fill(email);
    const chosen = 'another tab, another passphrase';
    await form.getByLabel('New password', { exact: true }).fill(chosen);
    await form.getByLabel('Confirm new password', { exact: true }).fill(chosen);
    await form.getByRole('button', { name: 'Set new password' }).click();
    await expectText(form, 'Your password has been changed.');
    assert.equal(bodyOf(requestsTo(apiRequests, PATHS.token)[0]).user_id, email);
    assert.equal(await verifySecret(chosen, await passwordHash('email', email)), true);
    await assertCodeNeverLeft(watched, code, watched.requests);
    await assertNoSecrets(watched, [chosen, code, ...tokens]);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('sms: the code from the text message and the new password in the same view -> changed', async () => {
    const mobile = newMobile();
    await verifiedAccount('demo-sms', mobile.e164, 'the old long password');
    const watched = await openForgot('demo-sms');
    const { page, form, problems, apiRequests } = watched;
    const tokens = watchAccessTokens(watched);
    await form.getByRole('textbox', { name: 'Mobile number' }).fill(mobile.typed);
    await form.getByRole('button', { name: 'Send reset link' }).click();
    await expectText(form, sentText(mobile.e164, 'code'));
    assert.equal(bodyOf(requestsTo(apiRequests, PATHS.forgot)[0]).user_id, mobile.e164);

    const pin = await pinFor(mobile.e164, 'password_reset');
    const [message] = (await outbox()).filter((m) => m.to === mobile.e164 && m.kind === 'password_reset');
    assert.equal(message?.channel, 'sms');
    assert.equal(message.link, undefined, 'a code, no link');

    await form.getByLabel('Code from the text message', { exact: true }).fill(pin);
    const chosen = 'a new phone passphrase';
    await form.getByLabel('New password', { exact: true }).fill(chosen);
    await form.getByLabel('Confirm new password', { exact: true }).fill(chosen);
    await form.getByRole('button', { name: 'Set new password' }).click();
    await expectText(form, 'Your password has been changed.');

    assert.deepEqual(bodyOf(requestsTo(apiRequests, PATHS.token)[0]), {
      grant_type: 'pin',
      client_id: 'demo-sms',
      auth_type: 'sms',
      user_id: mobile.e164,
      redirect_uri: `${server.siteUrl}/forgot-password.html`,
      code: pin,
    });
    assert.deepEqual(bodyOf(requestsTo(apiRequests, PATHS.changePassword)[0], { bearer: true }), {
      client_id: 'demo-sms',
      password: chosen,
      password_confirm: chosen,
      locale: 'en-US',
    });
    assert.equal(await verifySecret(chosen, await passwordHash('sms', mobile.e164)), true);
    await assertNoSecrets(watched, [chosen, pin, ...tokens]);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('shows the same message for an address without an account, and sends nothing', async () => {
    const email = newEmail();
    const { page, form, problems } = await openForgot('demo-minimal');
    await requestLink(form, email);
    assert.equal((await outbox()).filter((m) => m.to === email).length, 0);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
