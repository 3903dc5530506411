/**
 * The emails and text messages the reference service "sends": they land in
 * the outbox (store.ts), which the demo site shows at /outbox.
 */
import type { ClientConfig } from './clients.js';
import type { ApiDeps } from './routes/context.js';
import type { Account, AuthRequest } from './store.js';

function pageLink(siteUrl: string, page: string, token: string, clientId: string): string {
  const url = new URL(page, siteUrl);
  url.searchParams.set('token', token);
  // The page needs the client for its `client-id`; the token alone says nothing to it.
  url.searchParams.set('client', clientId);
  return url.href;
}

/** The link the activation page (demo/activate.html) receives. */
export function activationLink(siteUrl: string, token: string, clientId: string): string {
  return pageLink(siteUrl, '/activate.html', token, clientId);
}

/** The link the password reset page (demo/forgot-password.html, step 2) receives. */
export function resetLink(siteUrl: string, token: string, clientId: string): string {
  return pageLink(siteUrl, '/forgot-password.html', token, clientId);
}

/** "24 hours", "1 hour", "90 minutes", "5 seconds": how long a link works, for the message text. */
export function describeDuration(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds >= 3600 && seconds % 3600 === 0) return plural(seconds / 3600, 'hour');
  if (seconds >= 60 && seconds % 60 === 0) return plural(seconds / 60, 'minute');
  return plural(seconds, 'second');
}

/**
 * Issues a fresh activation token and sends the link by the account's
 * channel: an activation message for a self-registered account, an
 * invitation for an invited one (same link; the page then asks for the rest).
 */
export function sendActivation(deps: ApiDeps, client: ClientConfig, account: Account): void {
  const token = deps.store.issueActivationToken(account, client.id);
  const link = activationLink(deps.siteUrl, token, client.id);
  const validity = describeDuration(deps.store.tokenTtlSeconds('activation'));
  const name = account.profile['firstName'];
  const invited = account.status === 'invited';
  const kind = invited ? 'invitation' : 'activation';
  if (account.channel === 'sms') {
    const action = invited
      ? `you are invited: complete your account with this link (valid for ${validity})`
      : `activate your account with this link (valid for ${validity})`;
    deps.store.send({ kind, channel: 'sms', to: account.identifier, body: `${client.name}: ${action}: ${link}`, link });
  } else {
    const lines = invited
      ? [
          `You have been invited to ${client.name}. To set up your account, choose a password with this link within ${validity}:`,
          '',
          link,
          '',
          'If you were not expecting this invitation, you can ignore this email.',
        ]
      : [
          `Thank you for registering with ${client.name}. To activate your account, open this link within ${validity}:`,
          '',
          link,
          '',
          'If you did not register, you can ignore this email.',
        ];
    deps.store.send({
      kind,
      channel: 'email',
      to: account.identifier,
      subject: invited ? `You are invited to ${client.name}` : 'Activate your account',
      body: [name ? `Hello ${name},` : 'Hello,', '', ...lines].join('\n'),
      link,
    });
  }
  deps.log(`outbox: ${kind} ${account.channel} queued (see /outbox)`);
}

/**
 * Issues a password reset token (for the link of `client`, remembering the
 * forgot-password request's OAuth parameters) and sends the link.
 */
export function sendPasswordReset(deps: ApiDeps, client: ClientConfig, account: Account, authRequest: AuthRequest): void {
  const token = deps.store.issueToken('reset', { accountId: account.id, clientId: client.id, authRequest });
  const link = resetLink(deps.siteUrl, token, client.id);
  const validity = describeDuration(deps.store.tokenTtlSeconds('reset'));
  if (account.channel === 'sms') {
    deps.store.send({
      kind: 'password_reset',
      channel: 'sms',
      to: account.identifier,
      body: `${client.name}: reset your password with this link (valid for ${validity}): ${link}`,
      link,
    });
  } else {
    const name = account.profile['firstName'];
    deps.store.send({
      kind: 'password_reset',
      channel: 'email',
      to: account.identifier,
      subject: 'Reset your password',
      body: [
        name ? `Hello ${name},` : 'Hello,',
        '',
        `Someone, hopefully you, asked to reset the password of your ${client.name} account. To choose a new password, open this link within ${validity}:`,
        '',
        link,
        '',
        'If you did not ask for this, you can ignore this email: your password stays the same.',
      ].join('\n'),
      link,
    });
  }
  deps.log(`outbox: password reset ${account.channel} queued (see /outbox)`);
}

/**
 * Registering an identifier that already has an account answers exactly like
 * a new registration (no enumeration); the owner gets this notice instead of
 * an activation link.
 */
export function sendAlreadyRegistered(deps: ApiDeps, client: ClientConfig, account: Account): void {
  const text =
    'Someone, hopefully you, tried to create an account with this address, but an account already exists. ' +
    'If it was you, sign in or reset your password. If it was not, you can ignore this message.';
  if (account.channel === 'sms') {
    deps.store.send({ kind: 'already_registered', channel: 'sms', to: account.identifier, body: `${client.name}: ${text}` });
  } else {
    deps.store.send({
      kind: 'already_registered',
      channel: 'email',
      to: account.identifier,
      subject: 'Someone tried to register with your email address',
      body: ['Hello,', '', text, '', `${client.name}`].join('\n'),
    });
  }
  deps.log(`outbox: already-registered ${account.channel} notice queued (see /outbox)`);
}
