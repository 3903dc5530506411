/**
 * End to end in Chromium: the demo pages are served with the policy the
 * README tells integrators about (scripts by nonce and 'strict-dynamic', no
 * inline style, Trusted Types for lit-html), and the harness hears every
 * violation: the journey tests' "no problems" checks therefore prove that
 * the elements, their lazy chunks and their locale files run under it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openPage, server, useBrowser } from './harness.js';

useBrowser();

const JOURNEY_PAGES = ['/register.html', '/activate.html', '/forgot-password.html', '/admin-sign-in.html', '/app.html', '/hosted.html', '/callback.html', '/account.html', '/'];

describe('strict CSP and Trusted Types in Chromium', { timeout: 60_000 }, () => {
  it('serves every page with a fresh nonce, strict-dynamic and Trusted Types, and no inline script', async () => {
    const nonces = new Set<string>();
    for (const page of JOURNEY_PAGES) {
      const response = await fetch(`${server.siteUrl}${page}`);
      const policy = response.headers.get('content-security-policy') ?? '';
      const nonce = /script-src 'nonce-([^']+)' 'strict-dynamic'/.exec(policy)?.[1];
      assert.ok(nonce, `${page}: ${policy}`);
      nonces.add(nonce);
      for (const directive of ["style-src 'self'", "object-src 'none'", "base-uri 'none'", "require-trusted-types-for 'script'", 'trusted-types lit-html']) {
        assert.ok(policy.includes(directive), `${page}: ${directive}`);
      }
      const html = await response.text();
      for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
        assert.ok(tag.includes(`nonce="${nonce}"`), `${page}: ${tag}`);
        assert.match(tag, /\bsrc="/, `${page}: no inline script`);
      }
      assert.doesNotMatch(html, /\son[a-z]+="/i, `${page}: no inline event handler`);
      assert.doesNotMatch(html, /\sstyle="/i, `${page}: no inline style`);
    }
    assert.equal(nonces.size, JOURNEY_PAGES.length, 'a new nonce per response');
  });

  it('runs every journey page without a violation (German, the phone chunk, the settings)', async () => {
    for (const path of ['/register.html?client=demo-email&ui_locales=de-DE', '/activate.html?client=demo-sms', '/forgot-password.html?client=demo-email', '/app.html']) {
      const { page, problems } = await openPage(path);
      await page.waitForLoadState('networkidle');
      if (path.startsWith('/register')) {
        await page.locator('nid-register').getByRole('button', { name: 'Konto erstellen' }).waitFor();
        await page.locator('nid-register').getByRole('textbox', { name: /Mobilnummer/ }).first().fill('07400 123456'); // "Mobilnummer (optional)"
      }
      assert.equal(problems.length, 0, `${path}: the bundle and its chunks load under the policy: ${problems.join('; ')}`);
      await page.close();
    }
  });

  it('the harness hears a violation when one happens', async () => {
    const { page, problems } = await openPage('/register.html?client=demo-minimal');
    await page.locator('nid-register').getByRole('button', { name: 'Create account' }).waitFor();
    assert.equal(problems.length, 0, problems.join('\n'));
    // A string assigned to innerHTML is what Trusted Types forbid: the harness must hear about it.
    await page.evaluate(() => {
      try {
        document.body.insertAdjacentHTML('beforeend', '<b>not trusted</b>');
      } catch {
        // blocked, as it should be
      }
    });
    await page.waitForTimeout(100);
    assert.ok(problems.some((problem) => problem.includes('securitypolicyviolation: require-trusted-types-for')), problems.join('\n'));
    await page.close();
  });
});
