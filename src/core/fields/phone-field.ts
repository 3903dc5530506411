/**
 * A mobile-number field: a compact country trigger (flag image, calling
 * code) that opens a searchable list of countries, beside a tel input
 * formatted as the user types. The body gets E.164.
 *
 * libphonenumber-js, the country names and the picker itself arrive lazily
 * (`PhoneSupport`), when the first phone field renders. Until then the
 * trigger says "Loading…" and typing works; formatting, the list and
 * validation start when the chunk is there, and a submit waits for it. The
 * flags are SVG files beside the chunks (`flagUrl`), never in the JavaScript.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { msg, str } from '@lit/localize';
import { currentLocale } from '../../i18n/localization.js';
import type { DefaultCountryInput } from '../../phone/default-country.js';
import { flagUrl, phoneModule, type PhoneModule } from '../../phone/load-phone.js';
import type { CountryPicker, Lit } from '../../phone/phone.js';
import type { FormState } from '../form-state.js';
import { bind } from './control.js';
import { frame, idsFor, isBlank, issueText, requiredRule, type Field } from './field.js';

/**
 * What the picker in the phone chunk draws with: this page's lit and localize, not copies of its own.
 * `msg` through a call: configureLocalization() replaces the module's `msg` binding, and a copy taken
 * now would stay the untranslated default.
 */
const lit: Lit = { html, nothing, msg: ((...args: unknown[]) => (msg as (...a: unknown[]) => unknown)(...args)) as typeof msg, str };

/**
 * Loads the phone chunk for its host and re-renders when it arrives; keeps
 * each phone field's country picker across updates and adopts the picker's
 * styles into the host's shadow root; reads the host's `flags` property
 * (`flags="none"`: no flag images).
 */
export class PhoneSupport implements ReactiveController {
  readonly #host: ReactiveControllerHost & { renderRoot?: unknown; readonly flags?: string };
  #loading: Promise<PhoneModule> | undefined;
  readonly #pickers = new Map<string, CountryPicker>();
  readonly #settled = new Set<string>();
  #styled = false;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostUpdated(): void {
    const root = this.#host.renderRoot;
    if (this.#styled || this.#pickers.size === 0 || !this.module || !(root instanceof ShadowRoot)) return;
    this.#styled = true;
    this.module.adoptPickerStyles(root);
  }

  /**
   * Flag images, unless the host's `flags` is `none`. The property, not the
   * attribute: fields are built before an update reflects its properties.
   */
  get flags(): boolean {
    return this.#host.flags !== 'none';
  }

  /** The module once it has arrived (for this element or an earlier one). */
  get module(): PhoneModule | undefined {
    return phoneModule.loaded;
  }

  /** The picker of the field with this id, the same one at every update. */
  picker(module: PhoneModule, id: string): CountryPicker {
    let picker = this.#pickers.get(id);
    if (!picker) this.#pickers.set(id, (picker = new module.CountryPicker(this.#host, id)));
    return picker;
  }

  /** True once per field name, the first time the field is built with the module: when a pre-filled number is split. */
  firstWithModule(name: string): boolean {
    if (!this.module || this.#settled.has(name)) return false;
    this.#settled.add(name);
    return true;
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
  /** `mobile_flag_countries` as configured: listed first (none: one list of all). */
  flagCountries: readonly string[];
  readonly?: boolean;
  /**
   * `username` for the number that names the user's own account; otherwise
   * (or `tel`) `tel-national`, since the country is the picker's, or `tel`
   * while the number carries its own ("+44 …").
   */
  autocomplete?: string;
}

export function phoneField(form: FormState, support: PhoneSupport, spec: PhoneFieldSpec): Field {
  const { name, required } = spec;
  const countryKey = `${name}.country`;
  const ids = idsFor(name);
  const country = () => form.text(countryKey) || support.module?.defaultCountry(spec.countryChain);
  const values = { form, name, countryKey, country };
  if (support.firstWithModule(name)) support.module!.splitInternational(values);
  const check = () => (support.module && !isBlank(form.text(name)) ? support.module.checkPhone(form.text(name), country()) : undefined);
  const validate = () => {
    if (isBlank(form.text(name))) return requiredRule(form, name, required)(form);
    const result = check();
    if (!result) return undefined; // the chunk is still loading; a submit waits for it and checks again
    return result.valid ? undefined : { code: 'invalid_phone' };
  };
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
      const own = spec.autocomplete && spec.autocomplete !== 'tel' ? spec.autocomplete : undefined;
      const autocomplete = own ?? (/^\s*(\+|00)/.test(form.text(name)) ? 'tel' : 'tel-national');
      const onInput = (event: InputEvent) => (module ? module.typed(values, event) : form.set(name, (event.target as HTMLInputElement).value));
      const input = html`<input part="input" id=${ids.id} name=${name} type="tel" inputmode="tel" autocomplete=${autocomplete}
        ?required=${required} ?readonly=${spec.readonly} ${bind(form, name, { ids, hint: spec.hint, error, onInput })} />`;
      const labelId = `${ids.id}-label`;
      let picker: { trigger: unknown; panel: unknown } = {
        trigger: html`<button type="button" part="select country" class="country" disabled>${msg('Loading…')}</button>`,
        panel: nothing,
      };
      if (module) {
        const list = module.countryList(currentLocale(), module.flagCountries(spec.flagCountries));
        const code = country();
        const selected = code ? [...list.preferred, ...list.rest].find((entry) => entry.code === code) : undefined;
        picker = module.renderPicker({
          lit, picker: support.picker(module, ids.id), selected, list, flags: support.flags, flagUrl,
          readonly: spec.readonly ?? false, choose: (chosen) => module.chose(values, chosen),
        });
      }
      // One template before and after the chunk arrives, so the input the user is typing in stays the same element.
      const control = html`<div class="phone"><div class="row" role="group" aria-labelledby=${labelId}>${picker.trigger}${input}</div>${picker.panel}</div>`;
      return frame(ids, { text: spec.label, required, id: labelId }, control, spec.hint, error);
    },
  };
}
