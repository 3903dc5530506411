/**
 * The field model every journey renders from: a field knows its validators,
 * how it renders (into the journey's own render root, so password managers
 * see one form), and the value it contributes to the request body.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import type { FormState, FieldValidator } from '../form-state.js';
import { fieldIssueText, type FieldKind } from '../messages.js';

export interface Field {
  /** The control's name: the body key too, unless `key` says otherwise. */
  name: string;
  /** The body key when it is not `name`; `null`: never sent (a consent the client has no profile field for). */
  key?: string | null;
  /** Validators by the name of each control the field renders, in render order. */
  validators: [string, FieldValidator][];
  render(): TemplateResult;
  /** The value for the request body; undefined leaves the key out. */
  value(): unknown;
  /** A password, security answer or code: kept out of `nid-submit` and every other detail. */
  secret?: boolean;
  /** What `nid-submit` listeners see of a secret field (the chosen questions, not the answers); by default nothing. */
  publicValue?: () => unknown;
  /** A mobile number: its value needs the phone chunk. */
  phone?: boolean;
}

/** Ids inside the element's shadow root (unique per element, not per page). */
export function idsFor(name: string) {
  const id = `nid-${name.replace(/[^\w-]/g, '-')}`;
  return { id, hint: `${id}-hint`, error: `${id}-error` };
}
export type FieldIds = ReturnType<typeof idsFor>;

/** `aria-describedby` listing only the descriptions that exist now (for a group; a control has `bind`). */
export function describedBy(ids: FieldIds, hint: unknown, error: unknown): string | typeof nothing {
  const list = [hint ? ids.hint : '', error ? ids.error : ''].filter(Boolean).join(' ');
  return list || nothing;
}

export function renderLabel(forId: string, label: string, required: boolean): TemplateResult {
  return html`<label part="label" for=${forId}>${label}${required ? nothing : optionalMarker()}</label>`;
}

/** The hint and the error line under a control. The error is not a live region: focus brings the user to it. */
export function renderDescriptions(ids: FieldIds, hint: string | undefined, error: string | undefined): TemplateResult {
  return html`<p part="hint" class="hint" id=${ids.hint}>${hint ?? nothing}</p>
    <p part="error" class="error" id=${ids.error}>${error ?? nothing}</p>`;
}

/** What a field's label says. `id`: for a control named by more than its label (a phone number's country select). */
export interface FrameLabel {
  text: string;
  required: boolean;
  id?: string;
}

/**
 * The frame every field draws: its label, its control, then its hint and
 * error, in one template (each distinct template, and each nested one, costs
 * its own preparation or instance on the first paint, so the label is part of
 * the frame rather than a template of its own). A checkbox has its label
 * beside the box, inside its control: its frame has none.
 */
export function frame(ids: FieldIds, label: FrameLabel | undefined, control: TemplateResult, hint?: string, error?: string): TemplateResult {
  if (!label) {
    return html`<div part="field" class="field">
      ${control}
      <p part="hint" class="hint" id=${ids.hint}>${hint ?? nothing}</p>
      <p part="error" class="error" id=${ids.error}>${error ?? nothing}</p>
    </div>`;
  }
  return html`<div part="field" class="field">
    <label part="label" for=${ids.id} id=${label.id ?? nothing}>${label.text}${label.required ? nothing : optionalMarker()}</label>
    ${control}
    <p part="hint" class="hint" id=${ids.hint}>${hint ?? nothing}</p>
    <p part="error" class="error" id=${ids.error}>${error ?? nothing}</p>
  </div>`;
}

/** " (optional)" after the label of a field that may stay empty. */
export const optionalMarker = () => html` <span class="optional">${msg('(optional)')}</span>`;

/** The one rule for a required value: blank text, an unticked box or no choice is missing. */
export function requiredRule(form: FormState, name: string, required: boolean): FieldValidator {
  return () => {
    const value = form.value(name);
    const missing = value === undefined || value === false || (typeof value === 'string' && isBlank(value));
    return required && missing ? { code: 'required' } : undefined;
  };
}

/** The current issue's text for a control, or undefined. */
export function issueText(form: FormState, name: string, kind: FieldKind): string | undefined {
  const issue = form.issue(name);
  return issue ? fieldIssueText(issue, kind) : undefined;
}

/** "Blank" for required checks: whitespace alone is not an answer. */
export function isBlank(value: string): boolean {
  return value.trim() === '';
}

