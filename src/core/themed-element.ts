/**
 * The bottom of the four journey elements: a `define()` that tolerates a
 * second copy of the script, the shared styles and the theme. The theming
 * contract below applies to all four; each element lists its own parts.
 */
import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { themeConverter } from './config.js';
import { journeyStyles } from './styles.js';

/**
 * @csspart alert - The error region (`role="alert"`), present from the first render.
 * @csspart status - The status region (`role="status"`): progress and success, present from the first render.
 *
 * @cssproperty --nid-color-text - Text colour (default #1f2328; dark #e6edf3).
 * @cssproperty --nid-color-muted - Hints and secondary text.
 * @cssproperty --nid-color-surface - Background of the element.
 * @cssproperty --nid-color-input - Background of inputs.
 * @cssproperty --nid-color-border - Input borders (keep 3:1 against the surface).
 * @cssproperty --nid-color-primary - Buttons and links.
 * @cssproperty --nid-color-on-primary - Text on the primary colour.
 * @cssproperty --nid-color-error - Error text and invalid borders.
 * @cssproperty --nid-color-error-surface - Background of the error region.
 * @cssproperty --nid-color-success - Success messages.
 * @cssproperty --nid-color-focus - Focus ring colour.
 * @cssproperty --nid-focus-ring-width - Focus ring width (default 3px).
 * @cssproperty --nid-font-family - Font family.
 * @cssproperty --nid-font-size - Base font size.
 * @cssproperty --nid-radius - Corner radius of inputs and buttons.
 * @cssproperty --nid-spacing - Space between fields.
 * @cssproperty --nid-max-width - Maximum width of the element.
 */
export class ThemedElement extends LitElement {
  static override styles = journeyStyles;

  /** Defines the element once; a second copy of the script on the page is harmless. */
  static define(tag: string): void {
    if (!customElements.get(tag)) customElements.define(tag, this as unknown as CustomElementConstructor);
  }

  /** `light` or `dark`; without it the element follows the user's `prefers-color-scheme`. */
  @property({ reflect: true, converter: themeConverter }) theme: 'light' | 'dark' | undefined;

  /**
   * `none`: the phone fields show no flag images (the country's ISO code
   * instead), e.g. where the flags are not served.
   */
  @property() flags: 'none' | undefined;
}
