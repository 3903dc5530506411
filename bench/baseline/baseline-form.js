/**
 * The benchmark's baseline: what "a Lit element with a form" costs before any
 * journey logic. A plain Lit element rendering five labelled fields and a
 * button, with a little CSS; no localization, no validation, no lazy chunks,
 * no settings. bench/run.mjs bundles it the way the script-tag bundle is
 * built (IIFE, minified, lit included) and measures it exactly like the
 * journey elements, so that each of their figures can be read as a multiple
 * of this one.
 *
 * Plain JavaScript with `static properties` on purpose: no TypeScript or
 * decorator settings are involved in building it.
 */
import { LitElement, css, html } from 'lit';

const FIELDS = [
  { name: 'firstName', label: 'First name', type: 'text', autocomplete: 'given-name' },
  { name: 'lastName', label: 'Last name', type: 'text', autocomplete: 'family-name' },
  { name: 'email', label: 'Email address', type: 'email', autocomplete: 'email' },
  { name: 'phone', label: 'Mobile number', type: 'tel', autocomplete: 'tel' },
  { name: 'password', label: 'Password', type: 'password', autocomplete: 'new-password' },
];

export class BaselineForm extends LitElement {
  static properties = {
    /** The typed values, kept so that a re-render does not lose them (as any real form would). */
    values: { state: true },
  };

  static styles = css`
    :host {
      display: block;
      max-width: 28rem;
      font: 1rem/1.5 system-ui, sans-serif;
    }
    .field {
      display: grid;
      gap: 0.25rem;
      margin-block-end: 1rem;
    }
    input {
      font: inherit;
      padding: 0.5rem 0.75rem;
      border: 1px solid #767676;
      border-radius: 0.375rem;
    }
    button {
      font: inherit;
      padding: 0.5rem 1rem;
      border: 0;
      border-radius: 0.375rem;
      background: #0b57d0;
      color: #fff;
    }
  `;

  constructor() {
    super();
    this.values = {};
  }

  #onInput(event) {
    const { name, value } = event.target;
    this.values = { ...this.values, [name]: value };
  }

  #onSubmit(event) {
    event.preventDefault();
  }

  render() {
    return html`<form @submit=${this.#onSubmit} @input=${this.#onInput}>
      ${FIELDS.map(
        (field) => html`<div class="field">
          <label for=${field.name}>${field.label}</label>
          <input id=${field.name} name=${field.name} type=${field.type} autocomplete=${field.autocomplete} .value=${this.values[field.name] ?? ''} />
        </div>`,
      )}
      <button type="submit">Create account</button>
    </form>`;
  }
}

customElements.define('bench-baseline-form', BaselineForm);
