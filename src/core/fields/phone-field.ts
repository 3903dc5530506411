/**
 * A mobile-number field: a native country `<select>` (flag emoji, localized
 * name, calling code) and a tel input formatted as the user types. The body
 * gets E.164.
 *
 * libphonenumber-js arrives lazily (`PhoneSupport`), when the first phone
 * field renders. Until then the select shows the default country alone and
 * typing works; formatting and validation start when the chunk is there, and
 * a submit waits for it.
 */
import { html, nothing, type ReactiveControllerHost } from 'lit';
import { msg, str } from '@lit/localize';
import { currentLocale } from '../../i18n/localization.js';
import type { DefaultCountryInput } from '../../phone/default-country.js';
import { phoneModule, type PhoneModule } from '../../phone/load-phone.js';
import type { FormState } from '../form-state.js';
import { bind } from './control.js';
import { frame, idsFor, isBlank, issueText, requiredRule, type Field } from './field.js';

/** Loads the phone chunk for its host and re-renders when it arrives. */
export class PhoneSupport {
  readonly #host: ReactiveControllerHost;
  #loading: Promise<PhoneModule> | undefined;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
  }

  /** The phone module once it has arrived (for this element or an earlier one). */
  get module(): PhoneModule | undefined {
    return phoneModule.loaded;
  }

  /** Starts loading (once); resolves with the module. Rejects if the chunk cannot be fetched. */
  ready(): Promise<PhoneModule> {
    const module = phoneModule.loaded;
    if (module) return Promise.resolve(module);
    this.#loading ??= phoneModule.load().then(
      (module) => {
        this.#host.requestUpdate();
        return module;
      },
      (error: unknown) => {
        this.#loading = undefined; // the next render or submit tries again
        throw error;
      },
    );
    return this.#loading;
  }
}

export interface PhoneFieldSpec {
  name: string;
  label: string;
  required: boolean;
  hint?: string | undefined;
  /** The settings the flag fallback chain picks the default country from. */
  countryChain: DefaultCountryInput;
  /** `mobile_flag_countries` as configured: the countries offered (none: all). */
  flagCountries: readonly string[];
  readonly?: boolean;
  /** `tel` by default; `username` for the number that names the user's own account. */
  autocomplete?: string;
}

export function phoneField(form: FormState, support: PhoneSupport, spec: PhoneFieldSpec): Field {
  const { name, required } = spec;
  const countryKey = `${name}.country`;
  const ids = idsFor(name);
  // Both need the phone chunk (the ISO table travels with it); until it arrives no country is chosen.
  const allowed = () => support.module?.flagCountries(spec.flagCountries) ?? [];
  const country = () => form.text(countryKey) || support.module?.defaultCountry(spec.countryChain);
  const check = () => (support.module && !isBlank(form.text(name)) ? support.module.checkPhone(form.text(name), country()) : undefined);
  const validate = () => {
    if (isBlank(form.text(name))) return requiredRule(form, name, required)(form);
    const result = check();
    if (!result) return undefined; // the chunk is still loading; a submit waits for it and checks again
    const offered = allowed();
    const outside = result.valid && offered.length > 0 && result.country !== undefined && !offered.includes(result.country);
    return !result.valid || outside ? { code: 'invalid_phone' } : undefined;
  };
  const typing = { form, name, countryKey, country, allowed, module: () => support.module };
  return {
    name,
    phone: true,
    validators: [[name, validate]],
    value: () => {
      const result = check();
      return result?.valid ? result.e164 : undefined;
    },
    render: () => {
      void support.ready().catch(() => undefined); // first render starts the chunk
      const error = issueText(form, name, 'phone');
      const module = support.module;
      const selected = country();
      const options = module ? module.countryOptions(currentLocale(), allowed()) : [];
      const control = html`<div class="row">
        <select
          part="select country"
          id=${`${ids.id}-country`}
          aria-label=${msg(str`Country code for ${spec.label}`)}
          ?disabled=${spec.readonly || !module}
          @change=${(event: Event) => onCountry(typing, (event.target as HTMLSelectElement).value)}
        >
          ${selected ? nothing : html`<option value="" selected>${module ? msg('Country') : msg('Loading…')}</option>`}
          ${options.map((option) => html`<option value=${option.code} ?selected=${option.code === selected}>${option.label}</option>`)}
        </select>
        <input part="input" id=${ids.id} name=${name} type="tel" inputmode="tel" autocomplete=${spec.autocomplete ?? 'tel'} ?required=${required} ?readonly=${spec.readonly}
          ${bind(form, name, { ids, hint: spec.hint, error, onInput: (event) => onTyping(typing, event) })} />
      </div>`;
      return frame(ids, { text: spec.label, required, id: `${ids.id}-label` }, control, spec.hint, error);
    },
  };
}

/** What typing in a phone field needs to know. */
interface Typing {
  form: FormState;
  name: string;
  countryKey: string;
  country: () => string | undefined;
  allowed: () => string[];
  module: () => PhoneModule | undefined;
}

/** The number formats as the user types, and an international prefix picks its country. */
function onTyping({ form, name, countryKey, country, allowed, module: phone }: Typing, event: InputEvent): void {
  const input = event.target as HTMLInputElement;
  const typed = input.value;
  const module = phone();
  // Reformat only when typing at the end: reformatting mid-text would move the caret,
  // and reformatting a deletion would put back the separator the user just removed.
  const atEnd = input.selectionStart === typed.length;
  if (!module || !atEnd || event.inputType?.startsWith('delete')) {
    form.set(name, typed);
    return;
  }
  const formatted = module.formatAsYouType(typed, country());
  const offered = allowed();
  if (formatted.country && (offered.length === 0 || offered.includes(formatted.country))) form.set(countryKey, formatted.country);
  input.value = formatted.text;
  form.set(name, formatted.text);
}

/** A new country: a national number already typed is formatted for it. */
function onCountry({ form, name, countryKey, module: phone }: Typing, code: string): void {
  form.set(countryKey, code);
  const text = form.text(name);
  const module = phone();
  if (module && text && !text.trim().startsWith('+')) form.set(name, module.formatAsYouType(text, code).text);
}
