/**
 * Whether the demo site may serve its outbox (/outbox and /outbox.json).
 *
 * The outbox holds the live verification PINs, reset links and invitations
 * of everyone who used the demo: whoever reads it can take over any account
 * being registered, reset or invited. Bound to a loopback address, only this
 * machine can read it. Bound to anything else (HOST=0.0.0.0, a LAN address),
 * anyone who reaches the port could, so the outbox is off unless the
 * operator asks for it (`--allow-outbox`, the `allowOutbox` option), and then
 * a loud warning goes to stderr at start-up (issue #15.4).
 */
import { isIPv4, isIPv6 } from 'node:net';

/** 127.0.0.0/8, ::1, and 127.x as an IPv4-mapped IPv6 address: what a socket bound to loopback reports. */
export function isLoopbackAddress(address: string): boolean {
  if (isIPv4(address)) return address.startsWith('127.');
  if (!isIPv6(address)) return false;
  // The URL parser writes IPv6 canonically: ::1, and ::ffff:7f00:1 for ::ffff:127.0.0.1.
  const host = new URL(`http://[${address}]/`).hostname;
  return host === '[::1]' || host.startsWith('[::ffff:7f');
}

/** The warning when the outbox is served on a network address (several lines, meant for stderr). */
export function outboxWarning(boundTo: string): string {
  const bar = '!'.repeat(78);
  return [
    bar,
    `!! WARNING: the demo outbox is served on a network address (${boundTo}).`,
    '!! Anyone who can reach this port can read every live verification code,',
    '!! password reset link and invitation at /outbox and /outbox.json, and so',
    '!! take over any account that is registered, reset or invited here.',
    '!! Run it like this only on a network you trust; without --allow-outbox',
    '!! (or on HOST=127.0.0.1, the default) the outbox is not served.',
    bar,
  ].join('\n');
}

/** The log line when the outbox is off. */
export function outboxOffNote(boundTo: string): string {
  return `outbox: not served, the site listens on a network address (${boundTo}); pass --allow-outbox to serve it anyway`;
}
