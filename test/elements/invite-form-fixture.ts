/** A configured `<nid-invite-form>` and what its tests share. */
import '../../src/invite-form.js';
import type { NidInviteForm } from '../../src/elements/invite-form/nid-invite-form.js';
import { json } from '../helpers/fetch-stub.js';
import { renderJourney } from '../helpers/render.js';

/** The integrator's own route, relative to the page as an integrator writes it. */
export const ACTION = '/api/invite';
export const ACTION_URL = new URL(ACTION, location.href).href;
export const UUID = '69ed0122-f2d9-4c6e-a636-3670cab4f15f';
export const INVITED = () => json(200, { uuid: UUID });
export const NOT_SET_UP = 'This form is not set up correctly. Please contact the site owner.';

/**
 * Renders the element with exactly these attributes. `onEvent` hears the
 * events of the very first render too (a configuration error is reported then).
 */
export function renderInvite(attributes = `action="${ACTION}"`, onEvent?: (event: Event) => void): Promise<NidInviteForm> {
  return renderJourney<NidInviteForm>('nid-invite-form', attributes, onEvent);
}

export { submitButton } from '../helpers/user.js';

export { sentBody } from '../helpers/fetch-stub.js';
