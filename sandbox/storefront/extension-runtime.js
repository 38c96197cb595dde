/* Sandbox stand-in for Shopify's UI extension runtime (served at /__sandbox/extension-runtime.js).
   Runs in the frame that extension-host.ts gives each extension: defines the `shopify` global
   from the frame's config (target, session tokens signed by the sandbox, localization and i18n
   from the extension's own locale files, settings, toast, and the target's own API:
   buyerIdentity + orderConfirmation on the thank-you page, authenticatedAccount in customer
   accounts), renders the Polaris web components (s-*) the extensions use, then imports the
   built bundle and calls its default export, as Shopify does.
   Differences from Shopify: the module runs in this frame's main thread (Shopify: a worker that
   mirrors the tree to the host with remote-dom), and the components are a small look-alike. */
/* global window, document, customElements, HTMLElement, ResizeObserver, Event, navigator, atob */
(function () {
  var configElement = document.getElementById('sandbox-extension-config');
  var config = JSON.parse(configElement ? configElement.textContent : '{}');
  var missing = [];
  var sandbox = (window.__sandboxExtension = { config: config, missingTranslations: missing, copied: [], toasts: [] });

  // ---------------------------------------------------------------- signals (Preact-signal-like)
  function signal(value) {
    var listeners = [];
    return {
      get value() { return value; },
      get current() { return value; },
      subscribe: function (fn) {
        listeners.push(fn);
        return function () { listeners = listeners.filter(function (l) { return l !== fn; }); };
      },
      destroy: function () { listeners = []; return Promise.resolve(); },
      _set: function (next) { value = next; listeners.forEach(function (l) { l(next); }); },
    };
  }

  // ---------------------------------------------------------------- session token
  var cachedToken = null;
  function tokenExp(token) {
    try {
      return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).exp || 0;
    } catch {
      return 0;
    }
  }
  function getSessionToken() {
    // Like Shopify: a cached token while it has some life left, else a fresh one.
    if (cachedToken && tokenExp(cachedToken) - 30 > Date.now() / 1000) return Promise.resolve(cachedToken);
    return fetch(config.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(config.tokenRequest),
    }).then(function (res) {
      if (!res.ok) throw new Error('session token: HTTP ' + res.status);
      return res.json();
    }).then(function (body) {
      cachedToken = body.token;
      return cachedToken;
    });
  }

  // ---------------------------------------------------------------- i18n
  var locale = config.locale || 'en';
  function lookup(table, key) {
    return key.split('.').reduce(function (o, k) { return o == null ? o : o[k]; }, table);
  }
  function translate(key, options) {
    options = options || {};
    var text = lookup(config.translations || {}, key);
    if (text == null) text = lookup(config.defaultTranslations || {}, key);
    if (text != null && typeof text === 'object' && typeof options.count === 'number') {
      // Shopify's pluralization: an exact "0"/"1" key wins, else the CLDR category of the count.
      var category = new Intl.PluralRules(locale).select(options.count);
      text = text[String(options.count)] != null ? text[String(options.count)] : text[category] != null ? text[category] : text.other;
    }
    if (typeof text !== 'string') {
      missing.push(key);
      return key;
    }
    return text.replace(/\{\{\s*(\w+)\s*\}\}/g, function (whole, name) {
      if (!(name in options)) return whole;
      var v = options[name];
      return typeof v === 'number' ? new Intl.NumberFormat(locale).format(v) : String(v);
    });
  }
  var i18n = {
    translate: translate,
    formatNumber: function (n, o) { return new Intl.NumberFormat(locale, o).format(n); },
    formatCurrency: function (n, o) {
      return new Intl.NumberFormat(locale, Object.assign({ style: 'currency', currency: config.currency || 'USD' }, o)).format(n);
    },
    formatDate: function (d, o) { return new Intl.DateTimeFormat(locale, o).format(d); },
  };

  // ---------------------------------------------------------------- host messages (toast, size)
  function tellHost(message) {
    if (window.parent && window.parent !== window) window.parent.postMessage(Object.assign({ source: 'sandbox-extension' }, message), window.location.origin);
  }
  var toast = {
    show: function (message) {
      sandbox.toasts.push(message);
      tellHost({ type: 'toast', message: String(message) });
      return Promise.resolve();
    },
  };
  if (typeof ResizeObserver === 'function') {
    new ResizeObserver(function () {
      tellHost({ type: 'resize', height: Math.ceil(document.documentElement.getBoundingClientRect().height) });
    }).observe(document.documentElement);
  }

  // ---------------------------------------------------------------- the shopify global
  var language = { isoCode: locale };
  var api = {
    extension: {
      target: config.target,
      apiVersion: config.apiVersion,
      capabilities: signal(config.capabilities || []),
      editor: undefined,
      rendered: signal(true),
      scriptUrl: config.moduleUrl,
      version: 'sandbox',
    },
    sessionToken: { get: getSessionToken },
    settings: signal(config.settings || {}),
    localization: {
      language: signal(language),
      extensionLanguage: signal({ isoCode: config.extensionLocale || locale }),
      currency: signal({ isoCode: config.currency || 'USD' }),
      country: signal(config.country ? { isoCode: config.country } : undefined),
      timezone: signal(config.timezone || 'UTC'),
      market: signal(undefined),
    },
    i18n: i18n,
    toast: toast,
    shop: config.shop,
    storage: {
      read: function (k) { return Promise.resolve(JSON.parse(window.sessionStorage.getItem('ext:' + k) || 'null')); },
      write: function (k, v) { window.sessionStorage.setItem('ext:' + k, JSON.stringify(v)); return Promise.resolve(); },
      delete: function (k) { window.sessionStorage.removeItem('ext:' + k); return Promise.resolve(); },
    },
  };
  if (config.buyerIdentity) {
    api.buyerIdentity = {
      email: signal(config.buyerIdentity.email || undefined),
      phone: signal(config.buyerIdentity.phone || undefined),
      customer: signal(config.buyerIdentity.customer || undefined),
      purchasingCompany: signal(undefined),
    };
  }
  if (config.orderConfirmation) api.orderConfirmation = signal(config.orderConfirmation);
  if (config.authenticatedAccount) {
    api.authenticatedAccount = {
      customer: signal(config.authenticatedAccount.customer || undefined),
      purchasingCompany: signal(undefined),
    };
  }
  window.shopify = api;

  // ---------------------------------------------------------------- components
  // Attributes only (Preact writes a prop as an attribute when the element has no property of
  // that name), so the extension's props stay visible to tests as attributes.
  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  var BASE_CSS = ':host{box-sizing:border-box}*{box-sizing:border-box}';
  function define(name, observed, css, html, setup) {
    if (customElements.get(name)) return;
    customElements.define(name, class extends HTMLElement {
      static get observedAttributes() { return observed; }
      constructor() {
        super();
        this.attachShadow({ mode: 'open' });
        if (setup) setup(this);
      }
      connectedCallback() { this._render(); }
      attributeChangedCallback() { if (this.isConnected) this._render(); }
      _render() {
        this.shadowRoot.innerHTML = '<style>' + BASE_CSS + css + '</style>' + html(this);
      }
    });
  }
  function attr(el, name) { return el.getAttribute(name); }

  define('s-page', ['heading'], ':host{display:block}h1{font-size:1.6rem;font-weight:650;margin:0 0 20px}',
    function (el) { return (attr(el, 'heading') ? '<h1>' + esc(attr(el, 'heading')) + '</h1>' : '') + '<slot></slot>'; });

  define('s-section', ['heading'],
    ':host{display:block;background:#fff;border:1px solid var(--s-border,#dedede);border-radius:var(--s-radius,12px);padding:20px}' +
    'h2{font-size:1.1rem;font-weight:650;margin:0 0 14px}',
    function (el) { return (attr(el, 'heading') ? '<h2>' + esc(attr(el, 'heading')) + '</h2>' : '') + '<slot></slot>'; });

  define('s-text-field', ['label', 'value', 'readonly'],
    ':host{display:block}label{display:block;font-size:.8rem;color:#707070;margin-bottom:4px}' +
    'input{width:100%;font:inherit;padding:11px 12px;border:1px solid #cfcfcf;border-radius:8px;background:#fafafa;color:#1a1a1a}',
    function (el) {
      var readOnly = el.hasAttribute('readonly') && attr(el, 'readonly') !== 'false';
      return '<label>' + esc(attr(el, 'label')) + '</label><input aria-label="' + esc(attr(el, 'label')) + '" value="' + esc(attr(el, 'value')) + '"' + (readOnly ? ' readonly' : '') + '>';
    });

  var CONTROL_CSS =
    ':host{display:inline-block}' +
    '.c{display:inline-flex;align-items:center;justify-content:center;min-height:40px;padding:0 16px;border-radius:8px;font:inherit;font-weight:600;' +
    'text-decoration:none;cursor:pointer;border:1px solid #cfcfcf;background:#fff;color:#1a1a1a}' +
    '.c.primary{background:var(--s-accent,#1773b0);border-color:var(--s-accent,#1773b0);color:#fff}' +
    '.c:hover{filter:brightness(.95)}';
  define('s-button', ['variant', 'href', 'target', 'commandfor', 'command', 'disabled'], CONTROL_CSS,
    function (el) {
      // Shopify's default variant is "auto": primary for a command button on its own, secondary beside others.
      var variant = attr(el, 'variant') || (attr(el, 'href') ? 'secondary' : 'primary');
      var cls = 'c ' + (variant === 'primary' ? 'primary' : 'secondary');
      if (attr(el, 'href')) {
        return '<a class="' + cls + '" href="' + esc(attr(el, 'href')) + '"' + (attr(el, 'target') ? ' target="' + esc(attr(el, 'target')) + '" rel="noopener"' : '') + '><slot></slot></a>';
      }
      return '<button class="' + cls + '" type="button"><slot></slot></button>';
    },
    function (el) {
      el.addEventListener('click', function () {
        var command = el.getAttribute('command');
        var target = el.getAttribute('commandfor') && document.getElementById(el.getAttribute('commandfor'));
        if (command === '--copy' && target && target.localName === 's-clipboard-item') target._copy();
      });
    });

  define('s-link', ['href', 'target'],
    ':host{display:inline-flex;align-items:center}a{color:var(--s-accent,#1773b0);text-decoration:underline;text-underline-offset:2px}',
    function (el) {
      return '<a href="' + esc(attr(el, 'href')) + '"' + (attr(el, 'target') ? ' target="' + esc(attr(el, 'target')) + '" rel="noopener"' : '') + '><slot></slot></a>';
    });

  define('s-clipboard-item', ['text'], ':host{display:none}', function () { return ''; }, function (el) {
    el._copy = function () {
      var text = el.getAttribute('text') || '';
      sandbox.copied.push(text);
      var done = function (ok) { el.dispatchEvent(new Event(ok ? 'copy' : 'copyerror')); };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
      else done(false);
    };
  });

  define('s-avatar', ['initials', 'alt'],
    ':host{display:inline-block}span{display:inline-flex;width:36px;height:36px;border-radius:50%;align-items:center;justify-content:center;' +
    'background:#e3e8f7;color:#2c3e8c;font-weight:650;font-size:.8rem;letter-spacing:.02em}',
    function (el) { return '<span role="img" aria-label="' + esc(attr(el, 'alt') || attr(el, 'initials')) + '">' + esc(attr(el, 'initials')) + '</span>'; });

  define('s-skeleton-paragraph', [],
    ':host{display:block}i{display:block;height:12px;border-radius:6px;background:#ececec;margin:8px 0}i:last-child{width:60%}',
    function () { return '<i></i><i></i><i></i>'; });

  // Plain elements styled from the frame's stylesheet (light DOM, so their text is the page's).
  ['s-stack', 's-paragraph', 's-text', 's-heading', 's-badge', 's-banner', 's-unordered-list', 's-list-item'].forEach(function (name) {
    if (!customElements.get(name)) customElements.define(name, class extends HTMLElement {});
  });

  // ---------------------------------------------------------------- load the extension
  sandbox.ready = import(config.moduleUrl).then(function (mod) {
    if (typeof mod.default !== 'function') throw new Error('the extension module has no default export');
    return mod.default();
  }).catch(function (error) {
    sandbox.error = String(error && error.message ? error.message : error);
    document.body.setAttribute('data-extension-error', sandbox.error);
    throw error;
  });
})();
