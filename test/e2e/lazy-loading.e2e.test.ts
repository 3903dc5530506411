/**
 * End to end in Chromium: what the script-tag bundle fetches from beside
 * itself, and when. The phone chunk only when a phone field is shown; a
 * translation only when a locale other than English is used (the demo's
 * picker switches a half-filled form, and every element on the page).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Request } from 'playwright-core';
import { openPage, useBrowser } from './harness.js';

useBrowser();

const requested = (requests: Request[], file: string) => requests.some((request) => new URL(request.url()).pathname === `/dist/${file}`);

const localeFiles = (requests: Request[]) => requests.map((request) => new URL(request.url()).pathname).filter((path) => path.startsWith('/dist/locales/'));

describe('lazy loading in Chromium', { timeout: 60_000 }, () => {
  it('fetches the phone chunk only for a form with a phone field', async () => {
    for (const path of ['/register.html?client=demo-minimal', '/forgot-password.html?client=demo-email', '/activate.html?client=demo-minimal']) {
      const { page, requests, problems } = await openPage(path);
      const email = page.getByLabel('Email address', { exact: true }).first();
      await email.waitFor();
      await email.fill('ada@example.com');
      assert.equal(requested(requests, 'nid-journeys-transport.js'), true, `${path}: the transport chunk (the settings, then the user types)`);
      assert.ok(requests.some((request) => /^\/settings\/demo-[a-z]+\.json$/.test(new URL(request.url()).pathname)), `${path}: settings-src`);
      assert.equal(requested(requests, 'nid-journeys-phone.js'), false, `${path}: no phone field, no phone chunk`);
      assert.deepEqual(problems, []);
      await page.close();
    }

    for (const path of ['/register.html?client=demo-sms', '/forgot-password.html?client=demo-sms', '/register.html?client=demo-email']) {
      const { page, requests, problems } = await openPage(path);
      await page.getByRole('textbox', { name: /Mobile number/ }).first().waitFor();
      assert.equal(requested(requests, 'nid-journeys-phone.js'), true, `${path}: a phone field, the phone chunk`);
      assert.deepEqual(problems, []);
      await page.close();
    }
  });

  it('loads no translation for English, and one file for Arabic, rendered right to left', async () => {
    const { page, problems, requests } = await openPage('/register.html?client=demo-email');
    await page.locator('nid-register').getByRole('button', { name: 'Create account' }).waitFor();
    assert.deepEqual(localeFiles(requests), [], 'English is in the bundle');
    await page.close();

    const arabic = await openPage('/register.html?client=demo-email&ui_locales=ar-EG');
    const form = arabic.page.locator('nid-register');
    await form.getByRole('button', { name: 'إنشاء حساب' }).waitFor();
    assert.deepEqual([...new Set(localeFiles(arabic.requests))], ['/dist/locales/ar.js'], 'one file, beside the bundle');
    assert.equal(localeFiles(arabic.requests).length, 1, 'loaded once for both elements of the page');
    assert.equal(await form.getAttribute('lang'), 'ar');
    assert.equal(await form.getAttribute('dir'), 'rtl');
    assert.equal(await arabic.page.locator('nid-activate').getAttribute('dir'), 'rtl', 'the verification form too');
    assert.equal(await arabic.page.locator('#locale-picker').inputValue(), '', 'ui_locales from the page, not an attribute');
    const email = form.getByLabel('عنوان البريد الإلكتروني', { exact: true });
    assert.equal(await email.evaluate((input) => getComputedStyle(input).direction), 'ltr', 'an email reads left to right');
    assert.deepEqual(arabic.problems, []);
    assert.deepEqual(problems, []);
    await arabic.page.close();
  });

  it('switches a half-filled form with the demo’s picker, keeping what was typed', async () => {
    const { page, problems } = await openPage('/register.html?client=demo-email');
    const form = page.locator('nid-register');
    await form.getByLabel('Email address', { exact: true }).fill('ada@example.com');
    await form.getByLabel('First name', { exact: true }).fill('Ada');
    await form.getByLabel('Password', { exact: true }).fill('a long enough password');

    await page.locator('#locale-picker').selectOption('de-DE');
    await form.getByRole('button', { name: 'Konto erstellen' }).waitFor();
    assert.equal(await form.getByLabel('E-Mail-Adresse', { exact: true }).inputValue(), 'ada@example.com');
    assert.equal(await form.getByLabel('Vorname', { exact: true }).inputValue(), 'Ada');
    assert.equal(await form.getByLabel('Passwort', { exact: true }).inputValue(), 'a long enough password');
    assert.equal(await page.locator('nid-activate').getAttribute('ui-locales'), 'de-DE', 'every element of the page');
    const markup = (await page.locator('#markup').textContent()) ?? '';
    assert.equal(markup.match(/ui-locales="de-DE"/g)?.length, 2, 'the markup panel shows the attribute on both elements');
    assert.doesNotMatch(markup, /\bstate=|load-settings/, 'no v1 attributes');
    assert.match(markup, /settings-src="\/settings\/demo-email\.json"/);
    assert.match(markup, /env-id="demo"/);

    await page.locator('#locale-picker').selectOption('he');
    await form.getByRole('button', { name: 'יצירת חשבון' }).waitFor();
    assert.equal(await form.getAttribute('dir'), 'rtl');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('keeps to the client’s supported_locales', async () => {
    const { page } = await openPage('/register.html?client=demo-minimal&ui_locales=ja-JP fr-CA');
    await page.locator('nid-register').getByRole('button', { name: 'Créer un compte' }).waitFor();
    await page.close();
  });
});
