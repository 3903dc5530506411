/**
 * The demo's stand-in for a mailbox and a phone: `/outbox` renders every
 * message the reference service "sent", newest first, with its PIN as text
 * and its link as a link. Everything is HTML-escaped; the page has no script.
 */
import type { OutboxMessage } from './store.js';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Only http(s) links become anchors (they are ours, but the rule costs nothing). */
function safeHref(link: string): string | undefined {
  try {
    const url = new URL(link);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

const linkLabels: Record<OutboxMessage['kind'], string> = {
  verification: 'Link',
  invitation: 'Invitation link',
  password_reset: 'Password reset link',
  already_registered: 'Link',
};

const pinLabels: Record<OutboxMessage['kind'], string> = {
  verification: 'Verification code',
  invitation: 'Code',
  password_reset: 'Password reset code',
  already_registered: 'Code',
};

function renderMessage(message: OutboxMessage): string {
  const href = message.link === undefined ? undefined : safeHref(message.link);
  const heading = message.channel === 'email' ? (message.subject ?? '(no subject)') : 'Text message';
  return `
    <article class="message" data-kind="${escapeHtml(message.kind)}" data-channel="${escapeHtml(message.channel)}" data-to="${escapeHtml(message.to)}">
      <h2>${escapeHtml(heading)}</h2>
      <dl>
        <dt>Channel</dt><dd>${message.channel === 'email' ? 'Email' : 'SMS'}</dd>
        <dt>To</dt><dd>${escapeHtml(message.to)}</dd>
        <dt>Sent</dt><dd><time datetime="${escapeHtml(message.sentAt)}">${escapeHtml(message.sentAt)}</time></dd>
      </dl>
      <pre class="body">${escapeHtml(message.body)}</pre>
      ${message.pin !== undefined ? `<p class="pin">${pinLabels[message.kind]}: <code>${escapeHtml(message.pin)}</code></p>` : ''}
      ${href ? `<p class="link">${linkLabels[message.kind]}: <a href="${escapeHtml(href)}">${escapeHtml(href)}</a></p>` : ''}
    </article>`;
}

/** A demo page: the head every demo page has, `title` in it, a header with `heading` (and `intro`), then `main`. */
function demoPage(title: string, heading: string, main: string, intro = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title}: nid-journeys demo</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/demo.css">
</head>
<body>
  <header>
    <p><a href="/">nid-journeys demo</a></p>
    <h1>${heading}</h1>${intro}
  </header>
  <main>
    ${main}
  </main>
</body>
</html>
`;
}

export function renderOutbox(messages: readonly OutboxMessage[]): string {
  const list =
    messages.length === 0
      ? '<p class="empty">No messages yet. Register, ask for a new code or a password reset on one of the demo pages, then reload this page.</p>'
      : messages.map(renderMessage).join('\n');
  const intro = `
    <p>Every email and text message the reference Journeys API has "sent", newest first.
       Nothing leaves this machine. <a href="/outbox">Reload</a> &middot; <a href="/outbox.json">JSON</a></p>`;
  return demoPage('Outbox', 'Outbox', list, intro);
}

/**
 * /outbox when it is not served (outbox-exposure.ts): a 404 page that says
 * why, so that the demo pages' "Outbox" links lead somewhere that explains.
 */
export function renderOutboxOff(): string {
  return demoPage(
    'Outbox turned off',
    'The outbox is turned off',
    `<p>This demo server listens on a network address, where anyone who can reach it could read the
       live verification codes, password reset links and invitations that the outbox shows, and so
       take over the accounts. So it does not serve them.</p>
    <p>To use the outbox, run the demo on this machine only (<code>HOST=127.0.0.1</code>, the
       default), or, on a network you trust, restart it with <code>--allow-outbox</code>
       (<code>npm run demo -- --allow-outbox</code>).</p>`,
  );
}
