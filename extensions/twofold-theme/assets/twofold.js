/* Twofold storefront script: remembers ?ref=CODE (first-party cookie + cart attribute),
   copies referral links, and submits Twofold forms through the app proxy. No dependencies;
   every feature degrades to plain links and form posts without it. */
(function () {
  if (window.Twofold) return;
  var COOKIE = 'twofold_ref';
  var ATTRIBUTE = '_twofold_ref';
  var script = document.querySelector('script[data-twofold-embed]');
  var days = parseInt((script && script.getAttribute('data-cookie-days')) || '30', 10) || 30;

  function readCookie(name) {
    var match = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return match ? decodeURIComponent(match[1]) : '';
  }

  function captureRef() {
    var ref = new URLSearchParams(location.search).get('ref');
    // The app embed's inline script has already kept this code (cookie and cart attribute).
    if (ref && window.TwofoldRef !== ref && /^[A-Za-z0-9_-]{1,64}$/.test(ref)) {
      document.cookie = COOKIE + '=' + encodeURIComponent(ref) + ';path=/;max-age=' + days * 86400 + ';samesite=lax';
      if (readCookie('twofold_cart_ref') !== ref) {
        fetch('/cart/update.js', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ attributes: { _twofold_ref: ref } })
        }).then(function (res) {
          if (res.ok) document.cookie = 'twofold_cart_ref=' + encodeURIComponent(ref) + ';path=/;samesite=lax';
        }, function () {});
      }
    }
    return ref || readCookie(COOKIE);
  }

  function fillRef(ref) {
    if (!ref) return;
    document.querySelectorAll('[data-twofold-ref]').forEach(function (input) {
      if (!input.value) input.value = ref;
    });
  }

  // Copies with the clipboard API; where it is missing or refused (an http page, an old
  // browser), selects the link field and uses the legacy copy command.
  function copyText(text, field, done) {
    var legacy = function () {
      if (!field) return;
      field.focus();
      field.select();
      try { if (document.execCommand('copy')) done(); } catch (e) { /* the link stays selected to copy by hand */ }
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, legacy);
    else legacy();
  }

  function setupCopy(button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var text = button.getAttribute('data-twofold-copy');
      var row = button.closest('.twofold__row');
      var field = row && row.querySelector('input');
      var label = button.getAttribute('data-twofold-label') || button.textContent;
      button.setAttribute('data-twofold-label', label);
      copyText(text, field, function () {
        button.textContent = button.getAttribute('data-twofold-copied') || label;
        setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  }

  // A new advocate link, ready to copy (the share buttons come on the next visit). The link is
  // the shop's storefront address and the app proxy path, as the advocate block shows it.
  function showLink(form, status, data) {
    var base = form.getAttribute('data-twofold-link-base');
    var link = base ? base.replace(/\/$/, '') + data.path : data.link || location.origin + data.path;
    var row = document.createElement('div');
    row.className = 'twofold__row';
    var input = document.createElement('input');
    input.className = 'twofold__input';
    input.readOnly = true;
    input.value = link;
    input.setAttribute('aria-label', form.getAttribute('data-twofold-link-label') || 'Your referral link');
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'twofold__button';
    button.textContent = form.getAttribute('data-twofold-copy-label') || 'Copy link';
    button.setAttribute('data-twofold-copy', link);
    button.setAttribute('data-twofold-copied', form.getAttribute('data-twofold-copied') || 'Copied!');
    row.appendChild(input);
    row.appendChild(button);
    status.appendChild(row);
    setupCopy(button);
  }

  // A logged-in advocate opening their own link sees their share panel, not the friend's offer.
  function showOwnPanel(ref) {
    document.querySelectorAll('[data-twofold-own]').forEach(function (own) {
      var block = own.closest('[data-twofold-block]');
      var friend = block && block.querySelector('[data-twofold-friend]');
      var mine = !!ref && ref.toUpperCase() === own.getAttribute('data-twofold-own').toUpperCase();
      own.hidden = !mine;
      if (friend) friend.hidden = mine;
    });
  }

  function answerOf(res) {
    return res.json().then(function (data) { return { ok: res.ok, data: data }; });
  }

  // A friend's code still being made (202, pending): ask again at the answer's `poll` path, a
  // little later each time, until it is ready or refused. After the last try the message stays.
  function untilReady(result, tries, show) {
    var data = result.data || {};
    if (!result.ok || !data.pending || !data.poll || tries <= 0) return result;
    show(data.message || '');
    return new Promise(function (resolve) { setTimeout(resolve, tries > 10 ? 1500 : 3000); })
      .then(function () { return fetch(data.poll, { headers: { Accept: 'application/json' } }); })
      .then(answerOf)
      .then(function (next) { return untilReady(next, tries - 1, show); });
  }

  function setupForm(form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var status = form.querySelector('[data-twofold-status]');
      var button = form.querySelector('[type=submit]');
      var show = function (text) { if (status) status.textContent = text; };
      if (button) button.disabled = true;
      show(form.getAttribute('data-twofold-sending') || '');
      fetch(form.action, {
        method: 'POST',
        headers: { Accept: 'application/json' },
        body: new FormData(form)
      })
        .then(answerOf)
        .then(function (result) { return untilReady(result, 20, show); })
        .then(function (result) {
          var data = result.data || {};
          if (!result.ok) throw new Error(data.error || data.message || '');
          if (data.pending) { show(data.message || ''); return; }
          show(data.message || '');
          if (data.path && status) showLink(form, status, data);
          form.dispatchEvent(new CustomEvent('twofold:success', { bubbles: true, detail: data }));
          // A friend's code: Shopify's /discount/CODE link puts it on the cart for checkout.
          if (data.discountPath) return fetch(data.discountPath, { credentials: 'same-origin' }).then(function () {}, function () {});
        })
        .catch(function (error) {
          show((error && error.message) || form.getAttribute('data-twofold-error') || '');
        })
        .then(function () { if (button) button.disabled = false; });
    });
  }

  // "Ada sent you a gift": the advocate's first name from the app proxy, when Shopify has one.
  function showSender(ref) {
    var headings = document.querySelectorAll('[data-twofold-from]');
    if (!ref || !headings.length || !window.fetch) return;
    fetch('/apps/twofold/from/' + encodeURIComponent(ref), { headers: { Accept: 'application/json' } })
      .then(function (res) { return res.ok ? res.json() : {}; })
      .then(function (data) {
        if (!data || typeof data.firstName !== 'string' || !data.firstName) return;
        headings.forEach(function (h) { h.textContent = h.getAttribute('data-twofold-from').replace('%NAME%', data.firstName); });
      }, function () {});
  }

  function init() {
    var ref = captureRef();
    fillRef(ref);
    showOwnPanel(ref);
    showSender(ref);
    document.querySelectorAll('[data-twofold-copy]').forEach(setupCopy);
    document.querySelectorAll('form[data-twofold-form]').forEach(setupForm);
  }

  window.Twofold = { version: 1, ref: function () { return readCookie(COOKIE); } };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
