// The demo pages' one script. No inline scripts or handlers anywhere, so the
// pages run under a strict Content-Security-Policy with Trusted Types, as an
// integrator's pages might. Everything user-visible is set with textContent.
(() => {
  'use strict';

  /** Set by /demo-config.js, which the demo server generates (ports vary). */
  const config = window.NID_DEMO || { apiBase: '', siteUrl: location.origin };
  const params = new URLSearchParams(location.search);
  const page = document.body.dataset.page;

  const clients = ['demo-email', 'demo-sms', 'demo-minimal'];

  /** An opaque OAuth `state`, new on every page load. */
  function randomState() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  /**
   * The elements never put a password or an answer in an event; the demo
   * redacts such keys anyway, because integrators copy what demos do.
   */
  function describe(detail) {
    try {
      return JSON.stringify(detail, (key, value) => (/password|answer/i.test(key) ? '[redacted]' : value), 2);
    } catch {
      return String(detail);
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

  /**
   * What every journey page shows around its element, built here once: the
   * "run npm run build" notice, the markup of the page, and the event log.
   */
  function addDemoPanels(container, tag) {
    const notice = h('p', { className: 'notice', hidden: true },
      'The elements did not load: ', code('/dist/nid-journeys.js'), ' is missing or failed. Run ', code('npm run build'),
      ', then reload this page.');
    container.before(notice);
    const timer = setTimeout(() => (notice.hidden = false), 3000);
    customElements.whenDefined(tag).then(() => {
      clearTimeout(timer);
      notice.hidden = true;
    });

    const markup = h('pre', { id: 'markup', className: 'markup' });
    const events = h('ol', { id: 'events', className: 'events' });
    const clear = h('button', { type: 'button', textContent: 'Clear' });
    clear.addEventListener('click', () => events.replaceChildren());
    container.closest('main').append(
      h('section', {}, h('h2', { textContent: 'The markup on this page' }), markup),
      h('section', {}, h('h2', { textContent: 'Events' }),
        h('p', {}, 'What a listener on ', code('document'), ' receives, newest first.'), clear, events),
    );
    for (const type of ['nid-submit', 'nid-success', 'nid-error']) {
      document.addEventListener(type, (event) => {
        const journey = event.journey || (event.detail && event.detail.journey);
        events.prepend(
          h('li', { className: `event ${type}` },
            h('strong', { textContent: journey ? `${type} (${journey})` : type }),
            h('time', { textContent: ` ${new Date().toLocaleTimeString()}` }),
            h('pre', { textContent: describe(event.detail) })),
        );
      });
    }
    return markup;
  }

  /**
   * Builds the journey element with every attribute and property before it is
   * connected, so that it starts (and loads its settings) with the right
   * configuration. Properties are for values an attribute cannot carry.
   */
  function mountJourney(tag, attributes, properties = {}) {
    const container = document.getElementById('journey');
    const element = document.createElement(tag);
    for (const [name, value] of attributes) element.setAttribute(name, value);
    Object.assign(element, properties);
    container.append(element);

    const markup = addDemoPanels(container, tag);
    const showMarkup = () => {
      const lines = [...element.attributes]
        .filter((attribute) => !['lang', 'dir', 'aria-busy'].includes(attribute.name)) // set by the element itself
        .map(({ name, value }) => (value === '' ? `  ${name}` : `  ${name}="${value}"`));
      const assignments = Object.entries(properties).map(
        ([name, value]) => `document.querySelector('${tag}').${name} = ${JSON.stringify(value, null, 2)};`,
      );
      const script = assignments.length ? `\n\n<script type="module">\n${assignments.join('\n')}\n</script>` : '';
      markup.textContent = `<script src="/dist/nid-journeys.js"></script>\n\n<${tag}\n${lines.join('\n')}\n></${tag}>${script}`;
    };
    showMarkup();
    addLocalePicker(container, element, showMarkup);
    return element;
  }

  /**
   * The form's language: every shipped locale by its own name. Choosing one
   * sets the element's `ui-locales`: it switches without losing what was
   * typed. "Automatic" leaves the element to the page's `ui_locales` parameter
   * and the client's default_locale; the service's supported_locales may
   * narrow the choice. (The address bar is left alone: on the link pages it
   * is the element's, which strips the token from it.)
   */
  function addLocalePicker(container, element, onChange) {
    const library = window.NidJourneys;
    if (!library || !library.shippedLocales) return;
    const select = h('select', { id: 'locale-picker' },
      h('option', { value: '', textContent: 'Automatic (ui_locales, else the client’s default_locale)' }),
      ...library.shippedLocales.map((tag) => h('option', { value: tag, lang: tag, textContent: `${library.localeOwnName(tag)} (${tag})` })));
    select.value = element.getAttribute('ui-locales') || params.get('ui_locales') || '';
    if (select.selectedIndex < 0) select.value = '';
    select.addEventListener('change', () => {
      if (select.value) element.setAttribute('ui-locales', select.value);
      else element.removeAttribute('ui-locales');
      onChange();
    });
    container.before(h('p', { className: 'locale-picker' }, h('label', { htmlFor: 'locale-picker', textContent: 'Language of the form ' }), select));
  }

  function chosenClient() {
    const requested = params.get('client');
    const clientId = clients.includes(requested) ? requested : 'demo-email';
    for (const link of document.querySelectorAll('[data-client]')) {
      if (link.dataset.client === clientId) link.setAttribute('aria-current', 'page');
    }
    return clientId;
  }

  function setUpRegister() {
    const clientId = chosenClient();
    linkForgotPassword(clientId);
    mountJourney('nid-register', [
      ['base-domain', config.apiBase],
      ['client-id', clientId],
      ['redirect-uri', `${config.siteUrl}/app.html`],
      ['state', randomState()],
      ['scope', 'openid'],
      // No ui-locales: the element reads the page's ui_locales query parameter itself
      // (try ?client=demo-sms&ui_locales=fr-FR to see the flag fallback chain pick France).
      ['load-settings', ''],
    ]);
  }

  /** Keeps the page's client on the "Forgot your password?" link of the register page. */
  function linkForgotPassword(clientId) {
    const link = document.getElementById('forgot-password-link');
    if (link) link.setAttribute('href', `/forgot-password.html?client=${encodeURIComponent(clientId)}`);
  }

  /**
   * The activation link carries a token and the client. The element reads the
   * token itself and removes it from the address bar: this script never
   * touches it, so it never lands in the markup panel either.
   */
  function setUpActivate() {
    mountJourney('nid-activate', [
      ['base-domain', config.apiBase],
      ['client-id', chosenClient()],
      ['sign-in-url', `${config.siteUrl}/sign-in.html`],
      ['load-settings', ''],
    ]);
  }

  /** Step 1 without a token; the reset link brings the token back here for step 2 (the element reads it). */
  function setUpForgotPassword() {
    mountJourney('nid-forgot-password', [
      ['base-domain', config.apiBase],
      ['client-id', chosenClient()],
      ['redirect-uri', `${config.siteUrl}/app.html`],
      ['state', randomState()],
      ['scope', 'openid'],
      ['load-settings', ''],
    ]);
  }

  /**
   * The administrator's invitation form. It posts to this site's own
   * /api/invite (the server helper, with the session cookie), never to the
   * service. No redirect-uri: the helper adds its configured default.
   */
  function setUpAdmin() {
    mountJourney(
      'nid-invite-form',
      [
        ['action', '/api/invite'],
        ['auth-types', 'email sms'],
        ['ui-locales', 'en-US'],
      ],
      {
        // Names with the attribute syntax, plus a custom field the attribute cannot describe.
        fields: ['firstName*', 'lastName*', { name: 'resourceAccessB2b', type: 'checkbox', label: 'Access to B2B resources' }],
      },
    );
  }

  function setUpApp() {
    for (const name of ['code', 'state', 'error']) {
      const value = params.get(name);
      const cell = document.getElementById(`param-${name}`);
      if (cell && value !== null) cell.textContent = value;
    }
  }

  if (page === 'register') setUpRegister();
  else if (page === 'activate') setUpActivate();
  else if (page === 'forgot-password') setUpForgotPassword();
  else if (page === 'admin') setUpAdmin();
  else if (page === 'app') setUpApp();
})();
