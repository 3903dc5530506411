/**
 * The styling contract shared by the four elements: `--nid-*` custom
 * properties with AA-contrast defaults, logical properties only (RTL works
 * without overrides), targets of at least 24x24 CSS px, a visible focus ring.
 * Static `css` only: adopted style sheets, no inline styles (strict CSP).
 */
import { css } from 'lit';

/** The dark defaults, for theme="dark" and for a dark preference (the --nid-* properties still win). */
const darkPalette = css`
  --_text: var(--nid-color-text, #e6edf3);
  --_muted: var(--nid-color-muted, #9da7b3);
  --_surface: var(--nid-color-surface, #0d1117);
  --_input: var(--nid-color-input, #161b22);
  --_border: var(--nid-color-border, #8b949e);
  --_primary: var(--nid-color-primary, #8ab4f8);
  --_on-primary: var(--nid-color-on-primary, #0d1117);
  --_error: var(--nid-color-error, #ffa198);
  --_error-surface: var(--nid-color-error-surface, #3d1614);
  --_success: var(--nid-color-success, #7ee2a8);
  --_focus: var(--nid-color-focus, #8ab4f8);
  color-scheme: dark;
`;

export const journeyStyles = css`
  :host {
    --_text: var(--nid-color-text, #1f2328);
    --_muted: var(--nid-color-muted, #57606a);
    --_surface: var(--nid-color-surface, #ffffff);
    --_input: var(--nid-color-input, #ffffff);
    --_border: var(--nid-color-border, #6e7781);
    --_primary: var(--nid-color-primary, #0b57d0);
    --_on-primary: var(--nid-color-on-primary, #ffffff);
    --_error: var(--nid-color-error, #b3261e);
    --_error-surface: var(--nid-color-error-surface, #fdecea);
    --_success: var(--nid-color-success, #146c2e);
    --_focus: var(--nid-color-focus, #0b57d0);
    --_radius: var(--nid-radius, 0.375rem);
    --_space: var(--nid-spacing, 1rem);

    display: block;
    box-sizing: border-box;
    max-inline-size: var(--nid-max-width, 28rem);
    color: var(--_text);
    background: var(--_surface);
    font-family: var(--nid-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--nid-font-size, 1rem);
    line-height: 1.5;
  }
  /*
   * Dark: with theme="dark", or with the user's dark preference unless
   * theme="light". The same --nid-* properties override either; each default
   * pair meets WCAG 2.2 AA (4.5:1 for text, 3:1 for borders and the focus ring).
   */
  :host([theme='dark']) {
    ${darkPalette}
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${darkPalette}
    }
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  form,
  .view {
    display: grid;
    gap: var(--_space);
    margin: 0;
  }
  fieldset {
    display: grid;
    gap: calc(var(--_space) * 0.75);
    margin: 0;
    padding: 0;
    border: 0;
    min-inline-size: 0;
  }
  legend {
    padding: 0;
    margin-block-end: 0.25rem;
    font-weight: 600;
  }
  .field {
    display: grid;
    gap: 0.25rem;
    min-inline-size: 0;
  }
  label {
    font-weight: 600;
  }
  .optional {
    font-weight: 400;
    color: var(--_muted);
  }
  .hint {
    margin: 0;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .error {
    margin: 0;
    color: var(--_error);
    font-size: 0.875em;
    font-weight: 600;
  }
  .error:empty,
  .hint:empty {
    display: none;
  }

  input,
  select {
    inline-size: 100%;
    min-block-size: 2.75rem;
    padding-block: 0.5rem;
    padding-inline: 0.75rem;
    font: inherit;
    color: var(--_text);
    background: var(--_input);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  input[readonly] {
    background: transparent;
    border-style: dashed;
  }
  input[aria-invalid='true'],
  select[aria-invalid='true'] {
    border: 2px solid var(--_error);
  }
  :focus-visible,
  input:focus,
  select:focus {
    outline: var(--nid-focus-ring-width, 3px) solid var(--_focus);
    outline-offset: 2px;
  }
  [tabindex='-1']:focus {
    outline: none;
  }

  .row {
    display: flex;
    gap: 0.5rem;
    align-items: stretch;
  }
  .row > input {
    flex: 1 1 auto;
    min-inline-size: 0;
  }
  .row > select {
    flex: 0 1 50%;
    inline-size: auto;
    min-inline-size: 7rem;
  }
  /* Phone numbers and emails read left to right inside right-to-left text. */
  input[type='tel'],
  input[type='email'] {
    direction: ltr;
  }
  :host(:dir(rtl)) input[type='tel'],
  :host(:dir(rtl)) input[type='email'] {
    text-align: end;
  }

  .check {
    display: flex;
    gap: 0.5rem;
    align-items: flex-start;
  }
  .check input {
    inline-size: 1.5rem;
    min-block-size: 1.5rem;
    block-size: 1.5rem;
    margin: 0;
    flex: none;
    accent-color: var(--_primary);
  }
  .check label {
    font-weight: 400;
  }

  a {
    color: var(--_primary);
  }

  button {
    min-block-size: 2.75rem;
    min-inline-size: 2.75rem;
    padding-block: 0.5rem;
    padding-inline: 1rem;
    font: inherit;
    font-weight: 600;
    border-radius: var(--_radius);
    cursor: pointer;
  }
  button.primary {
    display: inline-flex;
    gap: 0.5rem;
    align-items: center;
    justify-content: center;
    inline-size: 100%;
    color: var(--_on-primary);
    background: var(--_primary);
    border: 1px solid var(--_primary);
  }
  button.secondary,
  button.toggle {
    color: var(--_primary);
    background: transparent;
    border: 1px solid var(--_border);
  }
  button.toggle {
    padding-inline: 0.5rem;
    display: inline-grid;
    place-items: center;
  }
  button.toggle svg {
    inline-size: 1.25rem;
    block-size: 1.25rem;
  }
  button[aria-disabled='true'] {
    cursor: not-allowed;
  }
  .actions {
    display: grid;
    gap: 0.5rem;
  }
  .countdown {
    margin: 0;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }

  .spinner {
    display: none;
    inline-size: 1em;
    block-size: 1em;
    border: 2px solid currentColor;
    border-inline-end-color: transparent;
    border-radius: 50%;
    animation: nid-spin 0.8s linear infinite;
  }
  button[data-busy] .spinner {
    display: inline-block;
  }
  @keyframes nid-spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation-duration: 2.4s;
    }
  }

  .alert:not(:empty) {
    margin-block-end: var(--_space);
    padding: 0.75rem;
    color: var(--_text);
    background: var(--_error-surface);
    border-inline-start: 4px solid var(--_error);
    border-radius: var(--_radius);
  }
  /* Only a screen-reader announcement inside (the 429 start): no visible box. */
  .alert:has(> .sr-only:only-child),
  .status:has(> .sr-only:only-child) {
    margin: 0;
    padding: 0;
    border: 0;
    background: none;
  }
  .alert ul {
    margin: 0.5rem 0 0;
    padding-inline-start: 1.25rem;
  }
  .status:not(:empty) {
    margin-block-end: var(--_space);
  }
  /* A visible status is a success ("check your email"): marked like the alert, in the success colour. */
  .status > .message {
    padding-inline-start: 0.75rem;
    border-inline-start: 4px solid var(--_success);
  }
  .message {
    margin: 0;
  }

  .sr-only {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
`;
