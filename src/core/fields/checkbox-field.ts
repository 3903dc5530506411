/**
 * Checkboxes and radio groups: consents, the invite form's custom yes/no
 * fields and "resend", its sign-in method. The label sits after the box, the
 * error under both.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { FormState } from '../form-state.js';
import type { FieldKind } from '../messages.js';
import { bind } from './control.js';
import { describedBy, frame, idsFor, issueText, optionalMarker, renderDescriptions, renderLabel, requiredRule, type Field } from './field.js';

export interface CheckboxSpec {
  name: string;
  label: TemplateResult | string;
  /** Required: it must be ticked. */
  required: boolean;
  hint?: string | undefined;
  /** How its "required" error is worded ("You must accept this" for a consent). */
  kind?: FieldKind;
  /** The body value; the ticked state by default. */
  value?: (checked: boolean) => unknown;
}

export function checkboxField(form: FormState, spec: CheckboxSpec): Field {
  const { name, required } = spec;
  const ids = idsFor(name);
  return {
    name,
    validators: [[name, requiredRule(form, name, required)]],
    value: () => (spec.value ? spec.value(form.checked(name)) : form.checked(name)),
    render: () => {
      const error = issueText(form, name, spec.kind ?? 'consent');
      // The label sits after the box, in the same row; the frame's label slot stays empty.
      const control = html`<div class="check">
        <input part="checkbox" id=${ids.id} name=${name} type="checkbox" ?required=${required} ${bind(form, name, { ids, hint: spec.hint, error })} />
        <label part="label" for=${ids.id}>${spec.label}${required ? nothing : optionalMarker()}</label>
      </div>`;
      return frame(ids, undefined, control, spec.hint, error);
    },
  };
}

export interface RadioGroupSpec {
  name: string;
  legend: string;
  options: readonly { value: string; label: string }[];
  /** Chosen when the user has not chosen. */
  initial: string;
}

/** One choice among a few, all visible (better than a select for two or three options). */
export function radioGroupField(form: FormState, spec: RadioGroupSpec): Field {
  const { name } = spec;
  const ids = idsFor(name);
  const current = () => form.text(name) || spec.initial;
  return {
    name,
    validators: [[name, () => (spec.options.some((option) => option.value === current()) ? undefined : { code: 'required' })]],
    value: () => current(),
    render: () => {
      const error = issueText(form, name, 'choice');
      return html`<fieldset part="fieldset" aria-describedby=${describedBy(ids, undefined, error)}>
        <legend part="legend">${spec.legend}</legend>
        ${spec.options.map((option, index) => {
          const id = `${ids.id}-${index}`;
          return html`<div class="check">
            <input
              part="radio"
              id=${id}
              name=${name}
              type="radio"
              value=${option.value}
              aria-invalid=${error ? 'true' : 'false'}
              .checked=${current() === option.value}
              @change=${() => form.set(name, option.value)}
            />
            ${renderLabel(id, option.label, true)}
          </div>`;
        })}
        ${renderDescriptions(ids, undefined, error)}
      </fieldset>`;
    },
  };
}
