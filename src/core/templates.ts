/**
 * The templates every journey draws with: the live regions (present from the
 * first render, security requirement 23), a form with its fields and submit
 * button, and secondary actions ("send again"), each with its busy state and
 * its 429 countdown.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { JourneyError } from '../api/errors.js';
import type { Field } from './fields/field.js';
import type { FieldIssue } from './messages.js';
import { fieldIssueText, formatWait, requestErrorText } from './messages.js';
import type { Submission } from './submission.js';
import { safeHttpUrl } from './urls.js';

type Content = TemplateResult | string | typeof nothing;

/**
 * The two live regions around a journey: `role="alert"` for what went wrong,
 * `role="status"` for progress and success. Both take focus (tabindex -1)
 * when a failure or a new view should be read first.
 */
export function renderRegions(alert: Content, status: Content, journey: Content): TemplateResult {
  return html`
    <div part="alert" class="alert" role="alert" tabindex="-1">${alert}</div>
    <div part="status" class="status" role="status" tabindex="-1">${status}</div>
    ${journey}
    <slot name="footer"></slot>
  `;
}

/** What the alert region says about a failure. `unplaced`: service field messages no rendered field shows. */
export function alertText(error: JourneyError | undefined, unplaced: readonly FieldIssue[]): Content {
  if (!error) return nothing;
  // The countdown next to the button shows the wait; the alert only announces its start.
  if (error.code === 'rate_limited') return html`<span class="sr-only">${requestErrorText(error)}</span>`;
  if (error.code !== 'invalid_form_fields') return requestErrorText(error);
  if (unplaced.length === 0) return nothing; // each message is on its field
  return html`${requestErrorText(error)}
    <ul>
      ${unplaced.map((issue) => html`<li>${fieldIssueText(issue, 'text')}</li>`)}
    </ul>`;
}

/** Text for screen readers only, in a live region. */
export const spoken = (text: string): TemplateResult => html`<span class="sr-only">${text}</span>`;

export interface ActionOptions {
  /** Makes it a `type="button"` action, secondary unless `primary`, instead of the form's submit button. */
  onClick?: () => void;
  /** A `type="button"` action drawn as the main one (hosted mode's call-to-action). */
  primary?: boolean;
  part?: string;
}

/** What an action shows of its submission (a Submission is one). */
export interface ActionState {
  readonly busy: boolean;
  readonly blocked: boolean;
  readonly countdown: { readonly running: boolean; readonly remaining: number };
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
    <slot name="before-submit"></slot>
    ${renderAction(label, submission)}
  </form>`;
}

/**
 * A journey action with its busy state and the 429 countdown of its
 * submission. While blocked the button stays focusable and says so
 * (`aria-disabled`): a disabled button would drop the keyboard user's focus.
 */
export function renderAction(label: string, submission: ActionState, options: ActionOptions = {}): TemplateResult {
  const { countdown } = submission;
  const onClick = options.onClick;
  const secondary = onClick !== undefined && !options.primary;
  // A main action's `before-submit` slot is static in its caller's template (renderForm, hosted mode): a template less to prepare.
  return html`
    <div class="actions">
      <button
        part=${options.part ?? (secondary ? 'secondary-action' : 'submit')}
        class=${secondary ? 'secondary' : 'primary'}
        type=${onClick ? 'button' : 'submit'}
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

/** "Sign in" after a journey that ends signed out (verified, password changed): only to an http(s) URL. */
export function renderSignInLink(url: unknown): TemplateResult | typeof nothing {
  const href = safeHttpUrl(url);
  return href ? html`<p part="message" class="message"><a part="link" href=${href}>${msg('Sign in')}</a></p>` : nothing;
}
