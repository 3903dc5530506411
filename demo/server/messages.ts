/**
 * The emails and text messages the reference service "sends": they land in
 * the outbox (store.ts), which the demo site shows at /outbox. A PIN is kept
 * on the message as `pin` and a link as `link`, so that the outbox page and
 * the tests read them without parsing the text.
 *
 * Log lines name the kind and channel of a message, never its recipient,
 * PIN or link.
 *
 * The reset senders take `decoy` for forgot-password's unknown identifiers
 * (decoy.ts): the message is written and stamped as a real one is, then
 * dropped, and the log line says so in as many words.
 */
import type { ClientConfig } from './clients.js';
import type { ApiDeps } from './routes/context.js';
import type { Account, MessageKind } from './store.js';

/** "24 hours", "1 hour", "15 minutes", "5 seconds": how long a code works, for the message text. */
export function describeDuration(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds >= 3600 && seconds % 3600 === 0) return plural(seconds / 3600, 'hour');
  if (seconds >= 60 && seconds % 60 === 0) return plural(seconds / 60, 'minute');
  return plural(seconds, 'second');
}

const greeting = (account: Account) => (account.profile['firstName'] ? `Hello ${account.profile['firstName']},` : 'Hello,');

interface Draft {
  kind: MessageKind;
  subject: string;
  /** The email's paragraphs; the text message is the first one (and the code or link). */
  lines: string[];
  link?: string;
  pin?: string;
}

/** How a message leaves: queued in the outbox, or (a decoy) written and dropped. */
interface Delivery {
  decoy?: boolean;
}

function deliver(deps: ApiDeps, client: ClientConfig, account: Account, draft: Draft, { decoy = false }: Delivery = {}): void {
  const { kind, link, pin } = draft;
  const extra = { ...(link !== undefined ? { link } : {}), ...(pin !== undefined ? { pin } : {}) };
  const queue = !decoy;
  if (account.channel === 'sms') {
    deps.store.send({ kind, channel: 'sms', to: account.identifier, body: `${client.name}: ${draft.lines[0] ?? ''}`, ...extra }, { queue });
  } else {
    const body = [greeting(account), '', ...draft.lines.flatMap((line) => [line, '']), client.name].join('\n');
    deps.store.send({ kind, channel: 'email', to: account.identifier, subject: draft.subject, body, ...extra }, { queue });
  }
  const what = `${kind.replace('_', ' ')} ${account.channel}`;
  deps.log(decoy ? `outbox: ${what} not sent (no such account)` : `outbox: ${what} queued (see /outbox)`);
}

/** A new account's verification PIN (register, resend-verification). */
export function sendVerificationPin(deps: ApiDeps, client: ClientConfig, account: Account, pin: string): void {
  const validity = describeDuration(deps.store.codeTtlSeconds('verification'));
  deliver(deps, client, account, {
    kind: 'verification',
    subject: 'Your verification code',
    lines: [
      `Your verification code is ${pin}. It works for ${validity}.`,
      `Enter it where you registered with ${client.name} to activate your account.`,
      'If you did not register, you can ignore this message.',
    ],
    pin,
  });
}

/** An invitation (pre-register): its link opens the hosted activation stand-in on the API origin. */
export function sendInvitation(deps: ApiDeps, client: ClientConfig, account: Account, link: string): void {
  const validity = describeDuration(deps.store.codeTtlSeconds('invitation'));
  deliver(deps, client, account, {
    kind: 'invitation',
    subject: `You are invited to ${client.name}`,
    lines: [
      `You are invited to ${client.name}: choose your password with this link within ${validity}: ${link}`,
      'If you were not expecting this invitation, you can ignore this message.',
    ],
    link,
  });
}

/**
 * Registering an identifier that has an active account answers the vendor's
 * "sent to the address on record"; the owner gets this notice, no code.
 */
export function sendAlreadyRegistered(deps: ApiDeps, client: ClientConfig, account: Account): void {
  deliver(deps, client, account, {
    kind: 'already_registered',
    subject: 'Someone tried to register with your email address',
    lines: [
      'Someone, hopefully you, tried to create an account with this address, but an account already exists. ' +
        'If it was you, sign in or reset your password. If it was not, you can ignore this message.',
    ],
  });
}

/** An email reset: a link back to the application's `redirect_uri` with the code. */
export function sendResetLink(deps: ApiDeps, client: ClientConfig, account: Account, link: string, delivery: Delivery = {}): void {
  const validity = describeDuration(deps.store.codeTtlSeconds('reset'));
  deliver(deps, client, account, {
    kind: 'password_reset',
    subject: 'Reset your password',
    lines: [
      `Someone, hopefully you, asked to reset the password of your ${client.name} account. To choose a new password, open this link within ${validity}: ${link}`,
      'If you did not ask for this, you can ignore this message: your password stays the same.',
    ],
    link,
  }, delivery);
}

/** An SMS reset: a PIN to type into the application. */
export function sendResetPin(deps: ApiDeps, client: ClientConfig, account: Account, pin: string, delivery: Delivery = {}): void {
  const validity = describeDuration(deps.store.codeTtlSeconds('reset'));
  deliver(deps, client, account, {
    kind: 'password_reset',
    subject: 'Your password reset code',
    lines: [
      `Your password reset code is ${pin}. It works for ${validity}. If you did not ask for it, ignore this message.`,
    ],
    pin,
  }, delivery);
}
