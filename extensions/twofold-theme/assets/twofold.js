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
    if (ref && /^[A-Za-z0-9_-]{1,64}$/.test(ref)) {
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

  function setupCopy(button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var text = button.getAttribute('data-twofold-copy');
      var done = function () {
        var label = button.textContent;
        button.textContent = button.getAttribute('data-twofold-copied') || label;
        setTimeout(function () { button.textContent = label; }, 2000);
      };
      if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, function () {});
    });
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
        .then(function (res) {
          return res.json().then(function (data) { return { ok: res.ok, data: data }; });
        })
        .then(function (result) {
          var data = result.data || {};
          if (!result.ok) throw new Error(data.error || data.message || '');
          show(data.message || '');
          if (data.path && status) {
            // A new advocate link: show it ready to copy (the share buttons come on the next visit).
            var input = document.createElement('input');
            input.className = 'twofold__input';
            input.readOnly = true;
            input.value = location.origin + data.path;
            status.appendChild(input);
          }
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

  function init() {
    fillRef(captureRef());
    document.querySelectorAll('[data-twofold-copy]').forEach(setupCopy);
    document.querySelectorAll('form[data-twofold-form]').forEach(setupForm);
  }

  window.Twofold = { version: 1, ref: function () { return readCookie(COOKIE); } };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
