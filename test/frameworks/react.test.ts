/**
 * `nid-journeys/react` (issue #14.1): the components keep their properties and
 * listeners when React hydrates server-rendered HTML, which the bare tags do
 * not (react/react#35446: React 19 skips `on…` listeners and object props on a
 * custom element it hydrates). The HTML comes from react-dom/server in Node
 * (test/helpers/react-plugin.mjs), React runs in the browser, the service is
 * a fetch stub.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { createElement, type ComponentProps } from 'react';
import { createRoot, hydrateRoot, type Root } from 'react-dom/client';
import { NidInviteForm, NidRegister } from '../../src/frameworks/react.js';
import type { NidRegister as RegisterElement } from '../../src/elements/register/nid-register.js';
import { NidSuccessEvent, type NidErrorEvent } from '../../src/events.js';
import { json, stubFetch, type FetchStub } from '../helpers/fetch-stub.js';
import { BASE, REDIRECT_URI } from '../helpers/render.js';
import { control, fill, settle, submitButton } from '../helpers/user.js';

const PASSWORD = 'correct horse battery';
const SETTINGS = { register_fields: [{ name: 'firstName', required: true }] };
const PROPS = { baseDomain: BASE, clientId: 'client-1', redirectUri: REDIRECT_URI, settings: SETTINGS } satisfies ComponentProps<typeof NidRegister>;

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));

describe('nid-journeys/react', function () {
  this.timeout(20_000);
  let stub: FetchStub;
  let container: HTMLDivElement;
  let root: Root | undefined;
  let recoverable: unknown[];
  let errors: NidErrorEvent[];

  beforeEach(() => {
    stub = stubFetch(() => json(200, { uuid: '69ed0122-f2d9-4c6e-a636-3670cab4f15f' }));
    container = document.createElement('div');
    document.body.append(container);
    recoverable = [];
    errors = [];
    // Anything the element reports before React could have attached a listener.
    container.addEventListener('nid-error', (event) => errors.push(event as NidErrorEvent));
  });

  afterEach(() => {
    root?.unmount();
    root = undefined;
    container.remove();
    stub.restore();
  });

  async function hydrate(component: typeof NidRegister, props: ComponentProps<typeof NidRegister>): Promise<RegisterElement> {
    root = hydrateRoot(container, createElement(component, props), { onRecoverableError: (error) => recoverable.push(error) });
    const el = container.querySelector('nid-register') as RegisterElement;
    // Hydration is concurrent: it commits (and the layout effect sets the properties) within a few tasks.
    await waitUntil(() => el.settings !== undefined, 'React set the properties', { timeout: 5000 });
    await settle(el);
    return el;
  }

  it('server-renders the configuration as attributes, then hydrates with settings and listeners that work', async () => {
    const html = (await executeServerCommand('nid-react-ssr', { component: 'NidRegister', props: PROPS, listeners: ['onNidSuccess'] })) as string;
    // The server's HTML: primitive properties as their attributes, no object, no listener.
    const parsed = new DOMParser().parseFromString(html, 'text/html').querySelector('nid-register')!;
    expect(parsed.getAttribute('base-domain')).to.equal(BASE);
    expect(parsed.getAttribute('client-id')).to.equal('client-1');
    expect(parsed.getAttribute('redirect-uri')).to.equal(REDIRECT_URI);
    expect(parsed.hasAttribute('settings')).to.equal(false);

    // The page before hydration: the element upgrades at once (the tags are defined), configured by its attributes.
    container.innerHTML = html;
    const before = container.querySelector('nid-register') as RegisterElement;
    await settle(before);
    expect(before.baseDomain).to.equal(BASE);

    const successes: NidSuccessEvent[] = [];
    const el = await hydrate(NidRegister, { ...PROPS, onNidSuccess: (event) => successes.push(event) });
    expect(el, 'hydration kept the server-rendered element').to.equal(before);
    expect(recoverable, 'no hydration error').to.deep.equal([]);
    expect(el.settings, 'the object property arrived').to.deep.equal(SETTINGS);
    expect(errors.map((event) => event.detail.code), 'no configuration error at any time').to.deep.equal([]);

    await waitUntil(() => el.shadowRoot!.querySelector('#nid-firstName'), 'the First name field', { timeout: 3000 }).catch((error) => {
      throw new Error(`${error.message} (shown: "${el.shadowRoot!.textContent!.replace(/\s+/g, ' ')}" ${el.shadowRoot!.innerHTML.length} connected=${el.isConnected} same=${el === container.querySelector('nid-register')})`);
    });
    await fill(el, control(el, 'First name'), 'Ada');
    await fill(el, control(el, 'Email address'), 'ada@example.com');
    await fill(el, control(el, 'Password'), PASSWORD);
    await fill(el, control(el, 'Confirm password'), PASSWORD);
    submitButton(el).click();
    await settle(el);
    expect(stub.calls, 'one register call').to.have.length(1);
    expect(successes, 'the hydrated listener heard nid-success').to.have.length(1);
    expect(successes[0]).to.be.instanceOf(NidSuccessEvent);
    expect(successes[0]!.journey).to.equal('register');
  });

  it('renders in the browser too: a listener replaced on re-render is the one called', async () => {
    const heard: string[] = [];
    root = createRoot(container);
    const render = (name: string) => root!.render(createElement(NidRegister, { ...PROPS, onNidError: () => heard.push(name) }));
    render('first');
    await nextFrame();
    render('second');
    await nextFrame();
    const el = container.querySelector('nid-register') as RegisterElement;
    await settle(el);
    expect(el.getAttribute('base-domain'), 'the attribute form is rendered by the browser as well').to.equal(BASE);
    el.dispatchEvent(new Event('nid-error'));
    expect(heard).to.deep.equal(['second']);
  });

  it('forwards a ref to the element, and the invite form takes its attributes from props', async () => {
    let element: HTMLElement | null = null;
    root = createRoot(container);
    root.render(createElement(NidInviteForm, { baseDomain: BASE, action: '/api/invite', authTypes: 'email', ref: (node: HTMLElement | null) => void (element = node) }));
    await nextFrame();
    expect(element).to.equal(container.querySelector('nid-invite-form'));
    expect(element!.getAttribute('auth-types')).to.equal('email');
  });
});
