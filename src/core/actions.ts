/**
 * The templates every journey draws its forms and actions with: a form with
 * its fields and submit button, and secondary actions ("send again"), each
 * with its busy state and its 429 countdown.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { Field } from './fields/field.js';
import { formatWait } from './messages.js';
import type { Submission } from './submission.js';

export interface ActionOptions {
  /** Makes it a secondary `type="button"` action instead of the form's submit button. */
  onClick?: () => void;
  part?: string;
}

export interface FormSpec {
  fields: readonly Field[];
  onSubmit: () => void;
  /** The submit button's label. */
  label: string;
  submission: Submission;
  /** An explanation above the fields. */
  intro?: string | undefined;
}

export function renderForm({ fields, onSubmit, label, submission, intro }: FormSpec): TemplateResult {
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return html`<form part="form" novalidate @submit=${submit}>
    ${intro ? html`<p part="message" class="message">${intro}</p>` : nothing} ${fields.map((field) => field.render())}
    ${renderAction(label, submission)}
  </form>`;
}

/**
 * A journey action with its busy state and the 429 countdown of its
 * submission. While blocked the button stays focusable and says so
 * (`aria-disabled`): a disabled button would drop the keyboard user's focus.
 */
export function renderAction(label: string, submission: Submission, options: ActionOptions = {}): TemplateResult {
  const { countdown } = submission;
  const onClick = options.onClick;
  const secondary = onClick !== undefined;
  return html`
    ${secondary ? nothing : html`<slot name="before-submit"></slot>`}
    <div class="actions">
      <button
        part=${options.part ?? (secondary ? 'secondary-action' : 'submit')}
        class=${secondary ? 'secondary' : 'primary'}
        type=${secondary ? 'button' : 'submit'}
        aria-disabled=${submission.blocked ? 'true' : 'false'}
        ?data-busy=${submission.busy}
        @click=${onClick ? () => (submission.blocked ? undefined : onClick()) : nothing}
      >
        <span class="spinner" aria-hidden="true"></span>${label}
      </button>
      ${countdown.running
        ? html`<p part="countdown" class="countdown" role="timer">${msg(str`Try again in ${formatWait(countdown.remaining)}.`)}</p>`
        : nothing}
    </div>
  `;
}
