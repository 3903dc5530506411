/**
 * What typing, pasting and choosing a country do to a phone field's values:
 * the number formats as the user types, an international number picks its
 * country, a pasted one is split into country and national number. Part of
 * the lazy phone chunk; before it arrives the field stores what is typed as
 * it is.
 */
import { formatAsYouType, splitE164, splitPasted } from './phone.js';

/** The form values a phone field owns: the number under `name`, its country under `countryKey`. */
export interface PhoneValues {
  form: { text(name: string): string; set(name: string, value: string): void };
  name: string;
  countryKey: string;
  /** The country now: the one chosen, else the default of the fallback chain. */
  country: () => string | undefined;
}

/**
 * A number typed or pasted. Typing is reformatted only at the end:
 * reformatting mid-text would move the caret, and reformatting a deletion
 * would put back the separator the user just removed. A paste or an autofill
 * is always read again. A whole international
 * number pasted or autofilled is split: its country to the picker, the
 * national number to the input.
 */
export function typed({ form, name, countryKey, country }: PhoneValues, event: InputEvent): void {
  const input = event.target as HTMLInputElement;
  const text = input.value;
  const whole = event.inputType === undefined || event.inputType === 'insertFromPaste' || event.inputType === 'insertReplacementText';
  if ((!whole && input.selectionStart !== text.length) || event.inputType?.startsWith('delete')) {
    form.set(name, text);
    return;
  }
  const split = whole ? splitPasted(text, country()) : undefined;
  const formatted = split ? { text: split.national, country: split.country } : formatAsYouType(text, country());
  if (formatted.country) form.set(countryKey, formatted.country);
  input.value = formatted.text;
  form.set(name, formatted.text);
}

/** A new country: a national number already typed is formatted for it. */
export function chose({ form, name, countryKey }: PhoneValues, code: string): void {
  form.set(countryKey, code);
  const text = form.text(name);
  if (text && !text.trim().startsWith('+')) form.set(name, formatAsYouType(text, code).text);
}

/** A number that came in international before the chunk (a `login_hint` in E.164): its country goes to the picker. */
export function splitInternational({ form, name, countryKey }: PhoneValues): void {
  const text = form.text(name);
  const split = text.trim().startsWith('+') && !form.text(countryKey) ? splitE164(text) : undefined;
  if (!split?.country) return;
  form.set(countryKey, split.country);
  form.set(name, split.national);
}
