/**
 * What a user does with a journey element, for browser tests: find controls
 * by their label, type with the real keyboard, press Enter, click, and read
 * what the live regions and field errors say.
 */
import { sendKeys } from '@web/test-runner-commands';
import type { LitElement } from 'lit';
import { phoneModule } from '../../src/phone/load-phone.js';

type Control = HTMLInputElement | HTMLSelectElement;

export function root(el: LitElement): ShadowRoot {
  const shadow = el.shadowRoot;
  if (!shadow) throw new Error(`${el.localName} has no shadow root`);
  return shadow;
}

export function query<T extends Element = HTMLElement>(el: LitElement, selector: string): T {
  const found = root(el).querySelector<T>(selector);
  if (!found) throw new Error(`nothing matches ${selector} in ${el.localName}`);
  return found;
}

/** The text of a label without its "(optional)" marker. */
function labelText(label: Element): string {
  const clone = label.cloneNode(true) as Element;
  clone.querySelectorAll('.optional, .sr-only').forEach((node) => node.remove());
  return clone.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** The control a label (exact text) or an aria-label names, like a screen-reader user finds it. */
export function control<T extends Control = HTMLInputElement>(el: LitElement, name: string): T {
  const shadow = root(el);
  const label = [...shadow.querySelectorAll('label')].find((candidate) => labelText(candidate) === name);
  const target = label?.htmlFor ? shadow.getElementById(label.htmlFor) : shadow.querySelector(`[aria-label="${CSS.escape(name)}"]`);
  if (!target) {
    const known = [...shadow.querySelectorAll('label')].map(labelText).join(' | ');
    throw new Error(`no control labelled "${name}" (labels: ${known})`);
  }
  return target as T;
}

/** The form's submit button. */
export const submitButton = (el: LitElement) => query<HTMLButtonElement>(el, 'button[type="submit"]');

export function button(el: LitElement, name: string): HTMLButtonElement {
  const found = [...root(el).querySelectorAll('button')].find(
    (candidate) => (candidate.getAttribute('aria-label') ?? candidate.textContent ?? '').replace(/\s+/g, ' ').trim() === name,
  );
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}

/**
 * Waits until the element has rendered and is not busy (loading its settings
 * or waiting for an answer: its `:state(busy)`), as a user waits for
 * a form to answer. Gives up after `timeout` ms, leaving the assertions to say
 * what is wrong.
 */
export async function settle(el: LitElement, timeout = 2000): Promise<void> {
  const deadline = Date.now() + timeout;
  do {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await el.updateComplete;
  } while (el.matches(':state(busy)') && Date.now() < deadline);
  await new Promise((resolve) => setTimeout(resolve, 0));
  await el.updateComplete;
}

/**
 * Types with the real keyboard into the control, after focusing it. One
 * character per action: WebKitWebDriver drops repeated characters and spaces
 * within a single multi-character action ("00" arrives as "0").
 */
export async function type(el: LitElement, target: Control, text: string): Promise<void> {
  target.focus();
  for (const character of text) await sendKeys({ type: character });
  await settle(el);
}

/** Fills a field quickly, as autofill or a paste would (one input event). */
export async function fill(el: LitElement, target: HTMLInputElement, text: string): Promise<void> {
  target.focus();
  target.value = text;
  target.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertFromPaste', data: text }));
  target.blur();
  await settle(el);
}

export async function choose(el: LitElement, target: HTMLSelectElement, value: string): Promise<void> {
  target.focus();
  target.value = value;
  target.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  target.blur();
  await settle(el);
}

/** Presses a key in `target` (focused first), as a user does in a field. */
export async function press(el: LitElement, key: string, target?: HTMLElement): Promise<void> {
  target?.focus();
  if (!root(el).activeElement) throw new Error('press(): focus a control first (a key pressed on the page body does nothing useful)');
  await sendKeys({ press: key });
  await settle(el);
}

export async function click(el: LitElement, target: HTMLElement): Promise<void> {
  target.click();
  await settle(el);
}

export function alertText(el: LitElement): string {
  return query(el, '[role="alert"]').textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

export function statusText(el: LitElement): string {
  return query(el, '[role="status"]').textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** The error text a control points at with aria-describedby. */
export function errorOf(el: LitElement, target: Element): string {
  const ids = (target.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return ids
    .map((id) => root(el).getElementById(id))
    .filter((node): node is HTMLElement => node?.classList.contains('error') ?? false)
    .map((node) => node.textContent?.trim() ?? '')
    .join(' ');
}

/** The element that has focus, looking into the shadow root. */
export function focused(el: LitElement): Element | null {
  return root(el).activeElement;
}

/** Waits for the phone chunk and the re-render it causes. */
export async function phoneReady(el: LitElement): Promise<void> {
  await phoneModule.load();
  await settle(el);
}

/** Collects every event of the given names the element fires. */
export function recordEvents(el: EventTarget, names: string[] = ['nid-submit', 'nid-success', 'nid-error']): Event[] {
  const events: Event[] = [];
  for (const name of names) el.addEventListener(name, (event) => events.push(event));
  return events;
}

/** Everything an event exposes, serialised, for "no secret leaks" checks. */
export function serialiseEvent(event: Event): string {
  const own = event as Event & { detail?: unknown; journey?: unknown };
  return JSON.stringify({ type: event.type, detail: own.detail, journey: own.journey });
}
