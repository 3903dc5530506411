/**
 * What a user does with a phone field's country picker, for browser tests:
 * find the trigger beside a number by the field's label, read its name,
 * open the list, read and choose its options.
 */
import type { LitElement } from 'lit';
import { click, root, settle } from '../helpers/user.js';

/** The country trigger of the phone field labelled `label` (the trigger and the number are one group named by it). */
export function countryTrigger(el: LitElement, label = 'Mobile number'): HTMLButtonElement {
  const shadow = root(el);
  const text = (candidate: Element) => [...candidate.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.textContent).join('').trim();
  const labelEl = [...shadow.querySelectorAll('label')].find((candidate) => text(candidate) === label);
  const group = labelEl?.id ? shadow.querySelector(`[role="group"][aria-labelledby="${labelEl.id}"]`) : null;
  const trigger = group?.querySelector<HTMLButtonElement>('button[part~="country"]');
  if (!trigger) throw new Error(`no country trigger for "${label}"`);
  return trigger;
}

/** The trigger's accessible name: "France +33", or "Country" when none is chosen. */
export const countryName = (el: LitElement, label?: string) => countryTrigger(el, label).getAttribute('aria-label');

/** The filter input of the open list. */
export function countryFilter(el: LitElement): HTMLInputElement {
  const filter = root(el).querySelector<HTMLInputElement>('input[role="combobox"]');
  if (!filter) throw new Error('the country list is not open');
  return filter;
}

/** The options shown, as "name +code", in order. */
export function countryOptions(el: LitElement): string[] {
  return [...root(el).querySelectorAll('[role="option"]')].map(
    (option) => `${option.querySelector('.name')!.textContent!.trim()} ${option.querySelector('.dial')!.textContent!.trim()}`,
  );
}

/** The option codes shown, from their ids (…-cc-GB). */
export function countryCodes(el: LitElement): string[] {
  return [...root(el).querySelectorAll('[role="option"]')].map((option) => option.id.replace(/^.*-cc-/, ''));
}

export async function openCountries(el: LitElement, label?: string): Promise<void> {
  await click(el, countryTrigger(el, label));
  await settle(el);
}

/** Opens the list and clicks the option of `code`, as a pointer user does. */
export async function pickCountry(el: LitElement, code: string, label?: string): Promise<void> {
  await openCountries(el, label);
  const option = [...root(el).querySelectorAll<HTMLElement>('[role="option"]')].find((candidate) => candidate.id.endsWith(`-cc-${code}`));
  if (!option) throw new Error(`no option ${code}`);
  await click(el, option);
}
