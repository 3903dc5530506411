/**
 * What binds every control to its field, written once: its value (or ticked
 * state) from the form, what the user changes back into the form, "done with
 * it" on blur (errors show after that), `aria-invalid`, and
 * `aria-describedby` naming only the hint and error that exist.
 *
 *   <input part="input" id=${ids.id} name=${name} type="text" ${bind(form, name, { ids, hint, error })} />
 */
import { nothing } from 'lit';
import { Directive, directive, PartType, type DirectiveResult, type ElementPart, type PartInfo } from 'lit/directive.js';
import type { FormState } from '../form-state.js';
import type { FieldIds } from './field.js';

export interface BindOptions {
  ids: FieldIds;
  hint?: string | undefined;
  error?: string | undefined;
  /** Handles the user's input instead of storing the control's value as it is (the phone number formats as it goes). */
  onInput?: (event: InputEvent) => void;
}

type Control = HTMLInputElement | HTMLSelectElement;

const isCheck = (control: Control) => control instanceof HTMLInputElement && control.type === 'checkbox';

class BindDirective extends Directive {
  #listening = false;
  #form: FormState | undefined;
  #name = '';
  #onInput: BindOptions['onInput'];

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('bind() goes on a control element');
  }

  render(_form: FormState, _name: string, _options: BindOptions) {
    return nothing;
  }

  override update(part: ElementPart, [form, name, options]: [FormState, string, BindOptions]) {
    const control = part.element as Control;
    this.#form = form;
    this.#name = name;
    this.#onInput = options.onInput;
    if (isCheck(control)) {
      (control as HTMLInputElement).checked = form.checked(name);
    } else if (control instanceof HTMLInputElement && control.value !== form.text(name)) {
      // Compared with the control, not with the last render: what the user typed is already there.
      // (A select shows its value through its options' `selected`: they render after this.)
      control.value = form.text(name);
    }
    control.setAttribute('aria-invalid', options.error ? 'true' : 'false');
    const described = [options.hint ? options.ids.hint : '', options.error ? options.ids.error : ''].filter(Boolean).join(' ');
    if (described) control.setAttribute('aria-describedby', described);
    else control.removeAttribute('aria-describedby');
    if (!this.#listening) {
      this.#listening = true;
      control.addEventListener(isCheck(control) || control instanceof HTMLSelectElement ? 'change' : 'input', this.#changed);
      control.addEventListener('blur', () => this.#form?.touch(this.#name));
    }
    return nothing;
  }

  #changed = (event: Event): void => {
    const control = event.target as Control;
    if (this.#onInput) this.#onInput(event as InputEvent);
    else this.#form?.set(this.#name, isCheck(control) ? (control as HTMLInputElement).checked : control.value);
  };
}

/** Binds a control to the form under `name`: see the module's comment. */
export const bind: (form: FormState, name: string, options: BindOptions) => DirectiveResult<typeof BindDirective> = directive(BindDirective);
