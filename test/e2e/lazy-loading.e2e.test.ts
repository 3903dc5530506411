/**
 * End to end in Chromium: what the script-tag bundle fetches from beside
 * itself, and when. The phone chunk only when a phone field is shown; a
 * translation only when a locale other than English is used (the demo's
 * picker switches a half-filled form).
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
    const minimal = await openPage('/register.html?client=demo-minimal');
    await minimal.page.getByRole('button', { name: 'Create account' }).waitFor();
    await minimal.page.getByLabel('Email address', { exact: true }).fill('ada@example.com');
    assert.equal(requested(minimal.requests, 'nid-journeys-transport.js'), true, 'the transport chunk (the page loads its settings, then the user types)');
    assert.equal(requested(minimal.requests, 'nid-journeys-phone.js'), false, 'no phone field, no phone chunk');
    await minimal.page.close();

    const sms = await openPage('/register.html?client=demo-sms');
    await sms.page.getByRole('textbox', { name: 'Mobile number' }).waitFor();
    assert.equal(requested(sms.requests, 'nid-journeys-phone.js'), true);
    await sms.page.close();
  });

  it('loads no translation for English, and one file for Arabic, rendered right to left', async () => {
    const { page, problems, requests } = await openPage('/register.html?client=demo-email');
    await page.getByRole('button', { name: 'Create account' }).waitFor();
    assert.deepEqual(localeFiles(requests), [], 'English is in the bundle');
    await page.close();

    const arabic = await openPage('/register.html?client=demo-email&ui_locales=ar-EG');
    await arabic.page.getByRole('button', { name: 'إنشاء حساب' }).waitFor();
    assert.deepEqual(localeFiles(arabic.requests), ['/dist/locales/ar.js'], 'one file, beside the bundle');
    const host = arabic.page.locator('nid-register');
    assert.equal(await host.getAttribute('lang'), 'ar');
    assert.equal(await host.getAttribute('dir'), 'rtl');
    assert.equal(await arabic.page.locator('#locale-picker').inputValue(), '', 'ui_locales from the page, not an attribute');
    const email = arabic.page.getByLabel('عنوان البريد الإلكتروني', { exact: true });
    assert.equal(await email.evaluate((input) => getComputedStyle(input).direction), 'ltr', 'an email reads left to right');
    assert.deepEqual(arabic.problems, []);
    assert.deepEqual(problems, []);
    await arabic.page.close();
  });

  it('switches a half-filled form with the demo’s picker, keeping what was typed', async () => {
    const { page, problems } = await openPage('/register.html?client=demo-email');
    await page.getByLabel('Email address', { exact: true }).fill('ada@example.com');
    await page.getByLabel('First name', { exact: true }).fill('Ada');
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery');

    await page.locator('#locale-picker').selectOption('de-DE');
    await page.getByRole('button', { name: 'Konto erstellen' }).waitFor();
    assert.equal(await page.getByLabel('E-Mail-Adresse', { exact: true }).inputValue(), 'ada@example.com');
    assert.equal(await page.getByLabel('Vorname', { exact: true }).inputValue(), 'Ada');
    assert.equal(await page.getByLabel('Passwort', { exact: true }).inputValue(), 'correct horse battery');
    assert.match((await page.locator('#markup').textContent()) ?? '', /ui-locales="de-DE"/, 'the markup panel shows the attribute');

    await page.locator('#locale-picker').selectOption('he');
    await page.getByRole('button', { name: 'יצירת חשבון' }).waitFor();
    assert.equal(await page.locator('nid-register').getAttribute('dir'), 'rtl');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('keeps to the client’s supported_locales', async () => {
    const { page } = await openPage('/register.html?client=demo-minimal&ui_locales=ja-JP fr-CA');
    await page.getByRole('button', { name: 'Créer un compte' }).waitFor();
    await page.close();
  });
});
