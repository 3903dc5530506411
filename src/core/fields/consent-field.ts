/**
 * A consent checkbox (terms of use, privacy notice) with its link: a gate the
 * user must tick to register (contract section 3). It is sent only when the
 * client records it in a profile field (`field`), as `"true"`; the vendor
 * leaves legal acceptance to the application otherwise. The link is rendered
 * only for an https URL; otherwise the text stays plain.
 */
import { html, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import type { ConsentSetting } from '../../api/contract.js';
import type { FormState } from '../form-state.js';
import { safeHttpUrl } from '../urls.js';
import { checkboxField } from './checkbox-field.js';
import type { Field } from './field.js';

function link(href: string, text: string): TemplateResult {
  return html`<a part="link" href=${href} target="_blank" rel="noopener noreferrer"
    >${text}<span class="sr-only"> ${msg('(opens in a new tab)')}</span></a
  >`;
}

function consentLabel(id: string, url: string | undefined): TemplateResult | string {
  const href = safeHttpUrl(url);
  // One message per sentence, with the link as a placeholder, so translators can move it.
  switch (id) {
    case 'terms':
      return href ? msg(html`I accept the ${link(href, msg('terms of use'))}`) : msg('I accept the terms of use');
    case 'privacy':
      return href ? msg(html`I have read the ${link(href, msg('privacy notice'))}`) : msg('I have read the privacy notice');
    default:
      // A consent the elements do not know by name: its id, as text, with its link when safe.
      return href ? msg(html`I agree to ${link(href, id)}`) : msg(html`I agree to ${id}`);
  }
}

export function consentField(form: FormState, consent: ConsentSetting): Field {
  const field = checkboxField(form, {
    name: `consents.${consent.id}`,
    label: consentLabel(consent.id, consent.url),
    required: true,
    kind: 'consent',
    value: (checked) => (checked ? 'true' : undefined),
  });
  return { ...field, key: consent.field ?? null };
}
