/** Text, email, select and one-time-code fields. */
import { html, nothing } from 'lit';
import { msg } from '@lit/localize';
import { EMAIL_PATTERN } from '../../api/patterns.js';
import type { FormState } from '../form-state.js';
import type { FieldKind } from '../messages.js';
import { bind } from './control.js';
import { frame, idsFor, isBlank, issueText, requiredRule, type Field } from './field.js';

export interface TextFieldSpec {
  name: string;
  label: string;
  required: boolean;
  type?: 'text' | 'email';
  autocomplete: string;
  hint?: string | undefined;
  /** Not editable. */
  readonly?: boolean;
  /** `numeric` for a code: a digit keyboard on phones, no spell check. */
  inputMode?: 'numeric';
  /** Neither spell-checked nor capitalised (a security answer); email and numeric fields are anyway. */
  plain?: boolean;
}

/** Longer than any name or address; what is longer is a paste gone wrong. */
const MAX_TEXT = 1000;

/** A text or email field. Its value is sent without surrounding spaces (autofill often adds one). */
export function textField(form: FormState, spec: TextFieldSpec): Field {
  const { name, required } = spec;
  const kind: FieldKind = spec.type === 'email' ? 'email' : 'text';
  const ids = idsFor(name);
  const plain = kind === 'email' || spec.inputMode !== undefined || spec.plain === true;
  const validate = () => {
    const value = form.text(name).trim();
    if (value === '') return requiredRule(form, name, required)(form);
    if ([...value].length > MAX_TEXT) return { code: 'too_long', max: MAX_TEXT };
    if (kind === 'email' && !EMAIL_PATTERN.test(value)) return { code: 'invalid_format' };
    return undefined;
  };
  return {
    name,
    validators: [[name, validate]],
    value: () => (isBlank(form.text(name)) ? undefined : form.text(name).trim()),
    render: () => {
      const error = issueText(form, name, kind);
      const control = html`<input
        part="input"
        id=${ids.id}
        name=${name}
        type=${spec.type ?? 'text'}
        autocomplete=${spec.autocomplete}
        inputmode=${spec.inputMode ?? nothing}
        spellcheck=${plain ? 'false' : nothing}
        autocapitalize=${plain ? 'off' : nothing}
        ?required=${required}
        ?readonly=${spec.readonly}
        ${bind(form, name, { ids, hint: spec.hint, error })}
      />`;
      return frame(ids, { text: spec.label, required }, control, spec.hint, error);
    },
  };
}

export interface SelectFieldSpec {
  name: string;
  label: string;
  required: boolean;
  options: readonly { value: string; label: string; lang?: string }[];
  autocomplete?: string;
  /** Leave out the empty "Choose…" option (a select that always has a sensible value). */
  noEmptyOption?: boolean;
  /** The empty option's text; "Choose…" by default. */
  emptyLabel?: string;
}

export function selectField(form: FormState, spec: SelectFieldSpec): Field {
  const { name, required } = spec;
  const ids = idsFor(name);
  const validate = () => {
    const value = form.text(name);
    if (value === '') return requiredRule(form, name, required)(form);
    return spec.options.some((option) => option.value === value) ? undefined : { code: 'invalid_format' };
  };
  return {
    name,
    validators: [[name, validate]],
    value: () => form.text(name) || undefined,
    render: () => {
      const error = issueText(form, name, 'choice');
      const current = form.text(name);
      const control = html`<select
        part="select"
        id=${ids.id}
        name=${name}
        autocomplete=${spec.autocomplete ?? nothing}
        ?required=${required}
        ${bind(form, name, { ids, error })}
      >
        ${spec.noEmptyOption ? nothing : html`<option value="" ?selected=${current === ''}>${spec.emptyLabel ?? msg('Choose…')}</option>`}
        ${spec.options.map(
          (option) => html`<option value=${option.value} lang=${option.lang ?? nothing} ?selected=${current === option.value}>${option.label}</option>`,
        )}
      </select>`;
      return frame(ids, { text: spec.label, required }, control, undefined, error);
    },
  };
}

/** Longer than any PIN the service sends: a pasted paragraph is not a code. */
const MAX_CODE = 64;

/**
 * A one-time code (the PIN the service sent by email or SMS): numeric
 * keyboard, `autocomplete="one-time-code"` so that phones offer the code from
 * the message. Spaces and dashes the user types or pastes between digits are
 * not part of it. A secret: never in an event.
 */
export function oneTimeCodeField(form: FormState, spec: { name: string; label: string; hint?: string }): Field {
  const { name } = spec;
  const cleaned = () => form.text(name).replace(/[\s-]+/g, '');
  const validate = () => {
    const value = cleaned();
    if (value === '') return { code: 'required' };
    return [...value].length > MAX_CODE ? { code: 'invalid_code' } : undefined;
  };
  const field = textField(form, { ...spec, required: true, autocomplete: 'one-time-code', inputMode: 'numeric' });
  return { ...field, secret: true, validators: [[name, validate]], value: () => cleaned() || undefined };
}
