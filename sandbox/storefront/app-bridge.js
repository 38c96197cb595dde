/* Sandbox stand-in for Shopify's App Bridge CDN script (served at /__sandbox/app-bridge.js).
   Defines window.shopify with idToken(), toast, saveBar, loading(), config, and patches fetch
   so same-origin app requests carry "Authorization: Bearer <session token>", as App Bridge does.
   Toasts, the save bar and the loading bar are visible elements so browser tests can see them. */
/* global window, document, sessionStorage, atob, Request, location, URLSearchParams, MutationObserver */
(function () {
  if (window.shopify && window.shopify.__sandbox) return;
  var script = document.currentScript;
  var sandboxOrigin = script ? new URL(script.src).origin : location.origin;
  var params = new URLSearchParams(location.search);
  var meta = document.querySelector('meta[name="shopify-api-key"]');
  var apiKey = (script && script.getAttribute('data-api-key')) || (meta && meta.getAttribute('content')) || '';
  var shop = params.get('shop') || sessionStorage.getItem('sandbox-shop') || '';
  var host = params.get('host') || sessionStorage.getItem('sandbox-host') || '';
  if (shop) sessionStorage.setItem('sandbox-shop', shop);
  if (host) sessionStorage.setItem('sandbox-host', host);

  var realFetch = window.fetch.bind(window);
  var cached = params.get('id_token') ? { token: params.get('id_token'), exp: 0 } : null;
  if (cached) {
    try { cached.exp = JSON.parse(atob(cached.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).exp; } catch { cached = null; }
  }

  function idToken() {
    var now = Date.now() / 1000;
    if (cached && cached.exp - 10 > now) return Promise.resolve(cached.token);
    return realFetch(sandboxOrigin + '/__sandbox/session-token?shop=' + encodeURIComponent(shop))
      .then(function (res) {
        if (!res.ok) throw new Error('sandbox session token: HTTP ' + res.status);
        return res.json();
      })
      .then(function (data) {
        cached = { token: data.token, exp: data.claims.exp };
        return data.token;
      });
  }

  function element(id, css) {
    var el = document.getElementById(id);
    if (!el) {
      el = document.createElement('div');
      el.id = id;
      el.setAttribute('style', css);
      (document.body || document.documentElement).appendChild(el);
    }
    return el;
  }

  var toastTimer;
  var toast = {
    show: function (message, options) {
      var el = element('sandbox-toast', 'position:fixed;bottom:24px;left:50%;transform:translateX(-50%);background:#303030;color:#fff;padding:12px 16px;border-radius:8px;z-index:2147483647;font:14px sans-serif');
      el.textContent = String(message);
      el.setAttribute('role', 'status');
      el.setAttribute('data-error', options && options.isError ? 'true' : 'false');
      el.hidden = false;
      clearTimeout(toastTimer);
      toastTimer = setTimeout(function () { el.hidden = true; }, (options && options.duration) || 5000);
      return 'sandbox-toast';
    },
    hide: function () { var el = document.getElementById('sandbox-toast'); if (el) el.hidden = true; }
  };

  function clickIn(id, primary) {
    var bar = id && document.getElementById(id);
    if (!bar) return;
    var buttons = bar.querySelectorAll('button');
    for (var i = 0; i < buttons.length; i++) {
      var isPrimary = buttons[i].getAttribute('variant') === 'primary';
      if (isPrimary === primary) { buttons[i].click(); return; }
    }
  }

  var openBars = {};
  var saveBar = {
    show: function (id) {
      openBars[id || 'default'] = true;
      var el = element('sandbox-save-bar', 'position:fixed;top:0;left:0;right:0;background:#1a1a1a;color:#fff;padding:10px 16px;z-index:2147483646;font:14px sans-serif;display:flex;gap:8px;align-items:center');
      el.innerHTML = '<span style="flex:1">Unsaved changes</span><button type="button" data-action="discard">Discard</button><button type="button" data-action="save">Save</button>';
      el.querySelector('[data-action=save]').onclick = function () { clickIn(id, true); };
      el.querySelector('[data-action=discard]').onclick = function () { clickIn(id, false); };
      el.hidden = false;
      el.style.display = 'flex';
      return Promise.resolve();
    },
    hide: function (id) {
      delete openBars[id || 'default'];
      var el = document.getElementById('sandbox-save-bar');
      // The bar's inline display:flex would beat the hidden attribute: hide it for real.
      if (el && Object.keys(openBars).length === 0) {
        el.hidden = true;
        el.style.display = 'none';
      }
      return Promise.resolve();
    },
    toggle: function (id) { return openBars[id || 'default'] ? saveBar.hide(id) : saveBar.show(id); },
    leaveConfirmation: function () { return Promise.resolve(); }
  };

  function loading(isLoading) {
    var el = element('sandbox-loading', 'position:fixed;top:0;left:0;height:3px;width:100%;background:#008060;z-index:2147483647');
    el.hidden = isLoading === false;
    return isLoading !== false;
  }

  window.fetch = function (input, init) {
    var request = new Request(input, init);
    if (new URL(request.url).origin !== location.origin || request.headers.has('Authorization')) {
      return realFetch(request);
    }
    return idToken().then(function (token) {
      request.headers.set('Authorization', 'Bearer ' + token);
      return realFetch(request);
    });
  };

  // Shopify's admin draws <ui-nav-menu> as its side navigation, outside the app's frame. The
  // stand-in hides it here and sends its links to the sandbox's admin page, which draws them.
  var navStyle = document.createElement('style');
  navStyle.textContent = 'ui-nav-menu{display:none!important}';
  document.head.appendChild(navStyle);
  var navSent = '';
  function sendNav() {
    var menu = document.querySelector('ui-nav-menu');
    if (!menu || window.parent === window) return;
    var items = Array.prototype.map.call(menu.querySelectorAll('a[href]'), function (a) {
      return { label: (a.textContent || '').trim(), path: new URL(a.getAttribute('href'), location.href).pathname };
    });
    var message = JSON.stringify({ type: 'sandbox:nav', items: items, current: location.pathname });
    if (message === navSent) return;
    navSent = message;
    window.parent.postMessage(JSON.parse(message), sandboxOrigin);
  }
  var navTimer = 0;
  new MutationObserver(function () {
    clearTimeout(navTimer);
    navTimer = setTimeout(sendNav, 50);
  }).observe(document.documentElement, { childList: true, subtree: true });

  window.shopify = {
    __sandbox: true,
    config: { apiKey: apiKey, shop: shop, host: host, locale: params.get('locale') || 'en' },
    environment: { embedded: true, mobile: false, pos: false },
    origin: sandboxOrigin,
    idToken: idToken,
    toast: toast,
    saveBar: saveBar,
    loading: loading,
    ready: Promise.resolve()
  };
})();
