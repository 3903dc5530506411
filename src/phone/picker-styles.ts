/**
 * The country picker's look, adopted into the shadow root of an element
 * once it shows a phone field with the phone chunk in: only such elements
 * pay for it, and it is a constructed style sheet, which the strict CSP's
 * style-src 'self' allows (no <style>, no style attribute). Plain CSS text,
 * not lit's `css`: the chunk carries no lit (see picker-view.ts). The
 * journey's custom properties (`--_border`, `--_input`, …) come from
 * `core/styles.ts`; logical properties make right to left work as it is,
 * except the trigger's chevron, drawn with physical sides on purpose: it
 * points down (or up) in either direction, and logical sides would turn it
 * sideways right to left. (Comments inside the CSS text would ship in the
 * chunk: they stay out here.)
 */
const pickerCss = `
  .phone {
    display: grid;
    gap: 0.25rem;
    min-inline-size: 0;
  }
  .row > button.country {
    flex: none;
    display: inline-flex;
    gap: 0.375rem;
    align-items: center;
    min-block-size: 2.75rem;
    padding-inline: 0.625rem 0.5rem;
    font-weight: 400;
    color: var(--_text);
    background: var(--_input);
    border: 1px solid var(--_border);
  }
  .row > button.country::after {
    content: '';
    inline-size: 0.4rem;
    block-size: 0.4rem;
    margin-inline-start: 0.125rem;
    border-bottom: 2px solid currentColor;
    border-right: 2px solid currentColor;
    transform: translateY(-25%) rotate(45deg);
  }
  .row > button.country[aria-expanded='true']::after {
    transform: translateY(25%) rotate(-135deg);
  }
  .row > button.country:disabled {
    cursor: default;
    color: var(--_muted);
  }
  .flag {
    flex: none;
    inline-size: 1.25rem;
    block-size: 0.9375rem;
    object-fit: cover;
    border-radius: 2px;
    outline: 1px solid rgb(0 0 0 / 0.15);
    outline-offset: -1px;
  }
  .dial,
  .iso {
    direction: ltr;
    unicode-bidi: isolate;
    font-variant-numeric: tabular-nums;
  }
  .iso {
    font-weight: 600;
  }
  .countries {
    display: grid;
    gap: 0.5rem;
    padding: 0.5rem;
    min-inline-size: 0;
    background: var(--_input);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .list {
    position: relative;
    max-block-size: min(18rem, 50vh);
    overflow-y: auto;
    overscroll-behavior: contain;
  }
  .group-label {
    padding: 0.25rem 0.5rem;
    font-size: 0.875em;
    font-weight: 600;
    color: var(--_muted);
  }
  [role='group'] + [role='group'] {
    margin-block-start: 0.25rem;
    padding-block-start: 0.25rem;
    border-block-start: 1px solid var(--_border);
  }
  .option {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    min-block-size: 2.75rem;
    padding-inline: 0.5rem;
    border-radius: var(--_radius);
    cursor: pointer;
  }
  .option .name {
    flex: 1 1 auto;
    min-inline-size: 0;
    overflow-wrap: anywhere;
  }
  .option .dial {
    color: var(--_muted);
  }
  .option[aria-selected='true'] {
    outline: 2px solid var(--_focus);
    outline-offset: -2px;
  }
  .option.chosen .name {
    font-weight: 600;
  }
  .option.chosen .name::after {
    content: ' ✓';
  }
  .empty {
    margin: 0;
    padding: 0.5rem;
    color: var(--_muted);
  }
  @media (hover: hover) {
    .option:hover {
      background: color-mix(in srgb, var(--_focus) 12%, transparent);
    }
  }
`;

let sheet: CSSStyleSheet | undefined;

/** Adopts the picker's style sheet into `root` (once per root; the sheet is built once per page). */
export function adoptPickerStyles(root: ShadowRoot): void {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(pickerCss);
  }
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
