/**
 * The emails and text messages the reference service "sends": they land in
 * the outbox (store.ts), which the demo site shows at /outbox.
 */
import type { ClientConfig } from './clients.js';
import type { ApiDeps } from './routes/context.js';
import type { Account } from './store.js';

/** The link the activation page (demo/activate.html) receives. */
export function activationLink(siteUrl: string, token: string, clientId: string): string {
  const url = new URL('/activate.html', siteUrl);
  url.searchParams.set('token', token);
  // The page needs the client for its `client-id`; the token alone says nothing to it.
  url.searchParams.set('client', clientId);
  return url.href;
}

/** Issues a fresh activation token and sends the link by the account's channel. */
export function sendActivation(deps: ApiDeps, client: ClientConfig, account: Account): void {
  const token = deps.store.issueActivationToken(account.id);
  const link = activationLink(deps.siteUrl, token, client.id);
  const name = account.profile['firstName'];
  if (account.channel === 'sms') {
    deps.store.send({
      kind: 'activation',
      channel: 'sms',
      to: account.identifier,
      body: `${client.name}: activate your account with this link (valid for 24 hours): ${link}`,
      link,
    });
  } else {
    deps.store.send({
      kind: 'activation',
      channel: 'email',
      to: account.identifier,
      subject: 'Activate your account',
      body: [
        name ? `Hello ${name},` : 'Hello,',
        '',
        `Thank you for registering with ${client.name}. To activate your account, open this link within 24 hours:`,
        '',
        link,
        '',
        'If you did not register, you can ignore this email.',
      ].join('\n'),
      link,
    });
  }
  deps.log(`outbox: activation ${account.channel} queued (see /outbox)`);
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
