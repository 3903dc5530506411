// The demo pages' one script. No inline scripts or handlers anywhere, so the
// pages run under a strict Content-Security-Policy with Trusted Types, as an
// integrator's pages might. Everything user-visible is set with textContent.
(() => {
  'use strict';

  /** Set by /demo-config.js, which the demo server generates (ports and the environment vary). */
  const config = window.NID_DEMO || { apiBase: '', siteUrl: location.origin, envId: '' };
  const params = new URLSearchParams(location.search);
  const page = document.body.dataset.page;
  /**
   * Pages return to the origin they were opened on (localhost, 127.0.0.1 or
   * [::1]: every one is on the demo clients' redirect_uri allowlist), so that
   * the identifier a journey hands to the next one in the tab is found.
   */
  const site = location.origin;

  /** The demo clients each page offers (its client switcher), the first being the default. */
  const clientsOf = {
    register: ['demo-email', 'demo-sms', 'demo-minimal', 'demo-passwordless'],
    activate: ['demo-email', 'demo-sms', 'demo-minimal'],
    // No passwordless client here: it has no password to reset.
    'forgot-password': ['demo-email', 'demo-sms', 'demo-minimal'],
  };

  /**
   * The reset link comes back to /forgot-password.html with its code and
   * nothing else (the redirect_uri allowlist is exact), so the page remembers
   * which client asked for it. A client id, nothing secret.
   */
  const RESET_CLIENT_KEY = 'nid-demo:forgot-password-client';

  /**
   * Keys whose values the event log never shows. The elements put no
   * password, answer, code or token in an event detail, except the
   * `authorization_code` a client without passwords hands to the page, which
   * its backend exchanges; the demo redacts them all anyway, because
   * integrators copy what demos do.
   */
  const SECRET_KEY = /password|answer|secret|token|verifier|pin|code|otp/i;

  /**
   * An event detail as JSON, secrets redacted. In `nid-error`, `code` is the
   * error's code (`invalid_form_fields`, also on each of `fields`), not a
   * secret: those stay.
   */
  function describe(detail, type) {
    const errorCodes = new Set();
    if (type === 'nid-error' && detail && typeof detail === 'object') {
      errorCodes.add(detail);
      if (Array.isArray(detail.fields)) for (const field of detail.fields) errorCodes.add(field);
    }
    try {
      return JSON.stringify(
        detail,
        function (key, value) {
          if (key === 'code' && errorCodes.has(this)) return value;
          return key !== '' && SECRET_KEY.test(key) ? '[redacted]' : value;
        },
        2,
      );
    } catch {
      return '(not serialisable)';
    }
  }

  /** A DOM element with properties and children (text or nodes): no HTML parsing anywhere. */
  function h(tag, properties = {}, ...children) {
    const node = Object.assign(document.createElement(tag), properties);
    node.append(...children);
    return node;
  }

  function code(text) {
    return h('code', { textContent: text });
  }

  /** The attributes every journey that calls the service takes: the service, the environment, the client, its settings. */
  function serviceAttributes(clientId) {
    return [
      ['base-domain', config.apiBase],
      ...(config.envId ? [['env-id', config.envId]] : []),
      ['client-id', clientId],
      // The vendor has no settings endpoint: the integrator serves the client's settings (this demo site does).
      ['settings-src', `/settings/${clientId}.json`],
    ];
  }

  /** An element with every attribute and property set before it is connected, so that it starts with them. */
  function createJourney(tag, attributes, properties = {}) {
    const element = document.createElement(tag);
    for (const [name, value] of attributes) element.setAttribute(name, value);
    Object.assign(element, properties);
    return element;
  }

  /** The markup of one element, as an integrator would write it (attributes the element sets itself left out). */
  function markupOf(element, properties = {}) {
    const tag = element.localName;
    const lines = [...element.attributes]
      .filter((attribute) => !['lang', 'dir'].includes(attribute.name))
      .map(({ name, value }) => (value === '' ? `  ${name}` : `  ${name}="${value}"`));
    const assignments = Object.entries(properties).map(
      ([name, value]) => `document.querySelector('${tag}').${name} = ${JSON.stringify(value, null, 2)};`,
    );
    const script = assignments.length ? `\n\n<script type="module">\n${assignments.join('\n')}\n</script>` : '';
    return `<${tag}\n${lines.join('\n')}\n></${tag}>${script}`;
  }

  /**
   * What every journey page shows around its elements, built here once: the
   * "run npm run build" notice, the language picker, the markup of the page,
   * and the event log. `journeys` are `{ element, properties }`, already
   * connected.
   */
  function addDemoPanels(journeys) {
    const first = journeys[0].element;
    const container = document.getElementById('journey');
    const main = container.closest('main');

    const notice = h('p', { className: 'notice', hidden: true },
      'The elements did not load: ', code('/dist/nid-journeys.js'), ' is missing or failed. Run ', code('npm run build'),
      ', then reload this page.');
    container.before(notice);
    const timer = setTimeout(() => (notice.hidden = false), 3000);
    customElements.whenDefined(first.localName).then(() => {
      clearTimeout(timer);
      notice.hidden = true;
    });

    const markup = h('pre', { id: 'markup', className: 'markup' });
    const showMarkup = () => {
      const elements = journeys.map(({ element, properties }) => markupOf(element, properties));
      markup.textContent = `<script src="/dist/nid-journeys.js"></script>\n\n${elements.join('\n\n')}`;
    };
    showMarkup();
    addLocalePicker(container, journeys.map(({ element }) => element), showMarkup);

    const events = h('ol', { id: 'events', className: 'events' });
    const clear = h('button', { type: 'button', textContent: 'Clear' });
    clear.addEventListener('click', () => events.replaceChildren());
    main.append(
      h('section', {}, h('h2', { textContent: 'The markup on this page' }), markup),
      h('section', {}, h('h2', { textContent: 'Events' }),
        h('p', {}, 'What a listener on ', code('document'), ' receives, newest first (passwords, answers, codes and tokens redacted).'),
        clear, events),
    );
    for (const type of ['nid-submit', 'nid-success', 'nid-error']) {
      document.addEventListener(type, (event) => {
        const journey = event.journey || (event.detail && event.detail.journey);
        events.prepend(
          h('li', { className: `event ${type}` },
            h('strong', { textContent: journey ? `${type} (${journey})` : type }),
            h('time', { textContent: ` ${new Date().toLocaleTimeString()}` }),
            h('pre', { textContent: describe(event.detail, type) })),
        );
      });
    }
  }

  /**
   * The forms' language: every shipped locale by its own name. Choosing one
   * sets `ui-locales` on every element of the page: they switch without
   * losing what was typed. "Automatic" leaves them to the page's `ui_locales`
   * parameter and the client's default_locale; the client's
   * supported_locales may narrow the choice. (The address bar is left alone:
   * on the reset page it is the element's, which takes the link's code out
   * of it.)
   */
  function addLocalePicker(container, elements, onChange) {
    const library = window.NidJourneys;
    if (!library || !library.shippedLocales) return;
    const select = h('select', { id: 'locale-picker' },
      h('option', { value: '', textContent: 'Automatic (ui_locales, else the client’s default_locale)' }),
      ...library.shippedLocales.map((tag) => h('option', { value: tag, lang: tag, textContent: `${library.localeOwnName(tag)} (${tag})` })));
    select.value = elements[0].getAttribute('ui-locales') || params.get('ui_locales') || '';
    if (select.selectedIndex < 0) select.value = '';
    select.addEventListener('change', () => {
      for (const element of elements) {
        if (select.value) element.setAttribute('ui-locales', select.value);
        else element.removeAttribute('ui-locales');
      }
      onChange();
    });
    container.before(h('p', { className: 'locale-picker' }, h('label', { htmlFor: 'locale-picker', textContent: 'Language of the form ' }), select));
  }

  /** The page's client: `?client=` when the page offers it, else `fallback`, else the page's first. */
  function chosenClient(fallback) {
    const offered = clientsOf[page];
    const requested = params.get('client');
    const clientId = offered.includes(requested) ? requested : offered.includes(fallback) ? fallback : offered[0];
    for (const link of document.querySelectorAll('[data-client]')) {
      if (link.dataset.client === clientId) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    return clientId;
  }

  /** Keeps the page's client on the links to the other journeys (`<a data-keep-client href="/page.html">`). */
  function keepClientOnLinks(clientId) {
    for (const link of document.querySelectorAll('a[data-keep-client]')) {
      const url = new URL(link.getAttribute('href'), location.href);
      url.searchParams.set('client', clientId);
      link.setAttribute('href', `${url.pathname}${url.search}`);
    }
  }

  /** Shows the paragraph about this client (`<p data-about-client="demo-sms">`), hides the others. */
  function showClientNotes(clientId) {
    for (const note of document.querySelectorAll('[data-about-client]')) {
      note.hidden = !note.dataset.aboutClient.split(' ').includes(clientId);
    }
  }

  /**
   * Register, and under the form the verification by code: `<nid-register>`
   * hands the address (or number) it registered to `<nid-activate>` on the
   * same page (and to activate.html in the same tab), so the user types only
   * the code from the outbox. A client without passwords signs the user in
   * at once: nothing to verify.
   */
  function setUpRegister() {
    const clientId = chosenClient();
    const passwordless = clientId === 'demo-passwordless';
    keepClientOnLinks(passwordless ? 'demo-email' : clientId);
    showClientNotes(clientId);

    const register = createJourney('nid-register', [
      ...serviceAttributes(clientId),
      ['redirect-uri', `${site}/app.html`],
      // Also in the client's settings (password_required: false); the attribute says it without them.
      ...(passwordless ? [['password', 'none']] : []),
      // No ui-locales: the element reads the page's ui_locales query parameter itself
      // (try ?client=demo-sms&ui_locales=fr-FR to see the flag fallback chain pick France).
    ]);
    document.getElementById('journey').append(register);
    const journeys = [{ element: register }];

    const verifySection = document.getElementById('verify-section');
    if (verifySection && !passwordless) {
      const activate = createJourney('nid-activate', [
        ...serviceAttributes(clientId),
        ['redirect-uri', `${site}/app.html`],
        ['sign-in-url', `${site}/auth/sign-in`],
      ]);
      document.getElementById('verify').append(activate);
      journeys.push({ element: activate });
      // Shown once the verification message is on its way (a second visit finds activate.html linked above).
      register.addEventListener('nid-success', (event) => {
        if (event.detail && event.detail.status === 'verification_sent') verifySection.hidden = false;
      });
    }
    if (passwordless) {
      register.addEventListener('nid-success', (event) => {
        if (event.detail && event.detail.status === 'signed_in') document.getElementById('signed-in-note').hidden = false;
      });
    }
    addDemoPanels(journeys);
  }

  /**
   * Verification by code on a page of its own. The address (or mobile number)
   * comes from a registration earlier in this tab; otherwise the user types it.
   */
  function setUpActivate() {
    const clientId = chosenClient();
    keepClientOnLinks(clientId);
    showClientNotes(clientId);
    const activate = createJourney('nid-activate', [
      ...serviceAttributes(clientId),
      ['redirect-uri', `${site}/app.html`],
      ['sign-in-url', `${site}/auth/sign-in`],
    ]);
    document.getElementById('journey').append(activate);
    addDemoPanels([{ element: activate }]);
  }

  /**
   * Step 1 here; the reset link of an email client brings its code back here
   * (`redirect-uri`) for step 2. The element reads the code and removes it
   * from the address bar: this script never touches it, so it never lands in
   * the markup panel either. SMS clients do both steps in one view.
   */
  function setUpForgotPassword() {
    let remembered;
    try {
      remembered = localStorage.getItem(RESET_CLIENT_KEY) || undefined;
    } catch {
      remembered = undefined; // storage switched off: the default client
    }
    const clientId = chosenClient(remembered);
    keepClientOnLinks(clientId);
    showClientNotes(clientId);
    const forgot = createJourney('nid-forgot-password', [
      ...serviceAttributes(clientId),
      ['redirect-uri', `${site}/forgot-password.html`],
      ['sign-in-url', `${site}/auth/sign-in`],
    ]);
    forgot.addEventListener('nid-success', (event) => {
      if (event.journey !== 'forgot-password') return;
      try {
        localStorage.setItem(RESET_CLIENT_KEY, clientId);
      } catch {
        // The link then comes back to the default client.
      }
    });
    document.getElementById('journey').append(forgot);
    addDemoPanels([{ element: forgot }]);
  }

  /**
   * The administrator's invitation form. It posts to this site's own
   * /api/invite (the server helper, with the session cookie), never to the
   * service. No redirect-uri: the helper adds the client's app link.
   */
  function setUpAdmin() {
    const properties = {
      // Names with the attribute syntax, plus a custom field the attribute cannot describe.
      fields: ['firstName*', 'lastName*', { name: 'resourceAccessB2b', type: 'checkbox', label: 'Access to B2B resources' }],
    };
    const invite = createJourney(
      'nid-invite-form',
      [
        ['action', '/api/invite'],
        ['auth-types', 'email sms'],
        ['ui-locales', 'en-US'],
      ],
      properties,
    );
    document.getElementById('journey').append(invite);
    addDemoPanels([{ element: invite, properties }]);
  }

  /**
   * Where an invitation ends: the hosted activation returns the invitee to
   * the client's app link with an authorization `code` (and `state`, when the
   * invitation had one). A real app takes them out of the address bar at
   * once, as this page does, and its backend exchanges the code at the
   * service's /token. The page shows the code shortened: an app never shows it.
   */
  function setUpApp() {
    const url = new URL(location.href);
    const received = {};
    for (const name of ['code', 'state', 'error']) {
      const value = url.searchParams.get(name);
      if (value === null) continue;
      received[name] = value;
      url.searchParams.delete(name);
    }
    if (Object.keys(received).length > 0) history.replaceState(history.state, '', url.href);
    const show = {
      code: (value) => (value.length > 12 ? `${value.slice(0, 4)}…${value.slice(-4)} (${value.length} characters)` : `${value.length} characters`),
      state: (value) => value,
      error: (value) => value,
    };
    for (const [name, value] of Object.entries(received)) {
      const cell = document.getElementById(`param-${name}`);
      if (cell) cell.textContent = show[name](value);
    }
    const outcome = document.getElementById('outcome');
    if (outcome) outcome.hidden = received.code === undefined;
  }

  if (page === 'register') setUpRegister();
  else if (page === 'activate') setUpActivate();
  else if (page === 'forgot-password') setUpForgotPassword();
  else if (page === 'admin') setUpAdmin();
  else if (page === 'app') setUpApp();
})();
