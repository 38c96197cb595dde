/**
 * HTML of the sandbox's shopping pages: product list, cart, checkout, customer login and the
 * merchant's order pages (refund, cancel). Plain forms, no script: every step works with a
 * browser test or by hand.
 */
import { convertMinorUnits, formatMinorUnits } from "../admin/money";
import type { SandboxCustomer, SandboxOrder, SandboxShop } from "../admin/state";
import { escapeHtml as e } from "../storefront/liquid";
import type { SandboxCart } from "../storefront/state";
import { CATALOG, priceMinor, productByVariant } from "./catalog";
import type { CheckoutQuote } from "./place-order";

export function formatMoney(minor: number, currency: string): string {
  const symbol: Record<string, string> = { USD: "$", CAD: "$", AUD: "$", EUR: "€", GBP: "£", JPY: "¥" };
  const amount = formatMinorUnits(minor, currency);
  return symbol[currency] ? `${minor < 0 ? "-" : ""}${symbol[currency]}${amount.replace(/^-/, "")}` : `${amount} ${currency}`;
}

const STYLE = `<style>
body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fafafa}
.wrap{max-width:960px;margin:0 auto;padding:1.5rem 2rem}
header.bar{display:flex;gap:1rem;align-items:center;padding:1rem 2rem;border-bottom:1px solid #ddd;background:#fff}
header.bar nav{display:flex;gap:1rem;flex:1}
.grid{display:grid;grid-template-columns:1.3fr 1fr;gap:2rem}
.card{background:#fff;border:1px solid #e1e1e1;border-radius:8px;padding:1.25rem;margin-bottom:1rem}
label{display:block;font-size:.9rem;margin:.5rem 0 .25rem}
input[type=email],input[type=text],input[type=number]{width:100%;box-sizing:border-box;padding:.6rem;border:1px solid #bbb;border-radius:6px;font-size:1rem}
button,.button{display:inline-block;padding:.65rem 1.1rem;border-radius:6px;border:0;background:#1a1a1a;color:#fff;font-size:1rem;cursor:pointer;text-decoration:none}
button.secondary{background:#eee;color:#1a1a1a}
.row{display:flex;justify-content:space-between;gap:1rem;padding:.3rem 0}
.total{font-weight:700;font-size:1.15rem;border-top:1px solid #ddd;margin-top:.5rem;padding-top:.6rem}
.error{color:#b3261e;font-size:.9rem;margin:.35rem 0}
.muted{color:#666;font-size:.85rem}
.inline{display:flex;gap:.5rem;align-items:flex-end}
.inline > div{flex:1}
table{width:100%;border-collapse:collapse}td,th{text-align:left;padding:.4rem;border-bottom:1px solid #eee}
.products{display:grid;grid-template-columns:repeat(3,1fr);gap:1rem}
.tag{display:inline-block;background:#e8f5e9;color:#1b5e20;border-radius:4px;padding:.1rem .4rem;font-size:.85rem}
</style>`;

export function shell(title: string, shopName: string, nav: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)} – ${e(shopName)}</title>${STYLE}</head>
<body><header class="bar"><strong>${e(shopName)}</strong><nav>${nav}</nav></header><div class="wrap">${body}</div>
<footer class="wrap muted">Shopify sandbox (local test server)</footer></body></html>`;
}

/** The product page's section: every product with a working "Add to cart". */
export function productSection(shop: string, currency: string): string {
  const cards = CATALOG.map(
    (p) => `<div class="card product" data-product="${e(p.handle)}"><h2>${e(p.title)}</h2><p class="price">${e(formatMoney(priceMinor(p, currency), currency))}</p>
<form method="post" action="/storefront/${e(shop)}/cart/add"><input type="hidden" name="id" value="${e(p.variantId.split("/").pop())}"><input type="hidden" name="quantity" value="1"><button type="submit">Add to cart</button></form></div>`,
  ).join("");
  return `<section class="products">${cards}</section>`;
}

export function storeNav(shop: string, customer: SandboxCustomer | null, itemCount: number): string {
  const base = `/storefront/${e(shop)}`;
  const who = customer
    ? `<span data-sandbox-customer="${e(customer.id.split("/").pop())}">${e(customer.email)}</span> <a href="${base}?as_customer=">Log out</a>`
    : `<a href="${base}/account/login">Log in</a>`;
  return `<a href="${base}">Home</a><a href="${base}/products/demo">Shop</a><a href="${base}/cart" data-cart-count="${itemCount}">Cart (${itemCount})</a><span style="flex:1"></span>${who}`;
}

export function cartPage(shop: string, cart: SandboxCart, currency: string): string {
  const base = `/storefront/${e(shop)}`;
  if (!cart.items.length) return `<h1>Your cart</h1><div class="card"><p>Your cart is empty.</p><a class="button" href="${base}/products/demo">Continue shopping</a></div>`;
  const rows = cart.items
    .map((line) => {
      const p = productByVariant(line.variantId)!;
      const unit = priceMinor(p, currency);
      return `<tr><td>${e(p.title)}</td><td>${line.quantity}</td><td>${e(formatMoney(unit * line.quantity, currency))}</td></tr>`;
    })
    .join("");
  const code = cart.discountCodes[0];
  return `<h1>Your cart</h1><div class="card"><table><tr><th>Product</th><th>Quantity</th><th>Price</th></tr>${rows}</table>
${code ? `<p>Discount code <span class="tag">${e(code)}</span> will be applied at checkout.</p>` : ""}
<p><a class="button" href="${base}/checkout" data-checkout>Check out</a></p></div>`;
}

export interface CheckoutView {
  shop: SandboxShop;
  cart: SandboxCart;
  customer: SandboxCustomer | null;
  quote: CheckoutQuote;
  errors: { field: string; message: string }[];
}

export function checkoutPage(v: CheckoutView): string {
  const base = `/storefront/${e(v.shop.domain)}`;
  // The buyer sees the checkout in their currency; store credit amounts already are in it.
  const cur = v.quote.presentmentCurrencyCode;
  const show = (minor: number) => convertMinorUnits(minor, v.quote.currencyCode, cur, v.quote.presentmentRate);
  const err = (field: string) =>
    v.errors
      .filter((x) => x.field === field)
      .map((x) => `<p class="error" role="alert" data-error="${e(field)}">${e(x.message)}</p>`)
      .join("");
  const contact = v.customer
    ? `<p data-checkout-customer>Logged in as <strong>${e(v.customer.email)}</strong> · <a href="${base}?as_customer=">Log out</a></p>`
    : `<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="email" value="${e(v.cart.email ?? "")}">${err("email")}
<p class="muted">Have an account? <a href="${base}/account/login?return_to=/checkout">Log in</a></p>`;
  const code = v.cart.discountCodes[0];
  const discountBlock = code && !v.quote.discountError
    ? `<div class="row"><span>Discount code <span class="tag" data-applied-code>${e(code)}</span></span><button class="secondary" name="action" value="remove_discount">Remove</button></div>`
    : `<div class="inline"><div><label for="discount">Discount code</label><input id="discount" name="discount" type="text" value="${e(code ?? "")}"></div><button class="secondary" name="action" value="apply_discount">Apply</button></div>${v.quote.discountError ? `<p class="error" role="alert" data-error="discountCode">${e(v.quote.discountError)}</p>` : ""}`;
  const credit = v.quote.storeCreditAvailableMinor > 0
    ? `<label><input type="checkbox" name="use_store_credit" value="1" ${v.cart.useStoreCredit ? "checked" : ""} data-store-credit> Apply store credit (${e(formatMoney(v.quote.storeCreditAvailableMinor, cur))} available)</label><input type="hidden" name="store_credit_shown" value="1">`
    : "";
  const lines = v.quote.lines
    .map((l) => `<div class="row"><span>${e(l.title)} × ${l.quantity}</span><span>${e(formatMoney(show(l.priceMinor * l.quantity), cur))}</span></div>`)
    .join("");
  const discountLine = v.quote.discount
    ? `<div class="row" data-summary="discount"><span>Discount (${e(v.quote.discount.code)})</span><span>-${e(formatMoney(show(v.quote.discount.amountMinor), cur))}</span></div>`
    : "";
  const creditLine = v.quote.storeCreditMinor
    ? `<div class="row" data-summary="store-credit"><span>Store credit</span><span>-${e(formatMoney(v.quote.storeCreditMinor, cur))}</span></div>`
    : "";
  return `<h1>Checkout</h1>${err("lines")}${err("customer")}${err("currency")}
<form method="post" action="${base}/checkout" class="grid">
<div><div class="card"><h2>Contact</h2>${contact}</div>
<div class="card"><h2>Discount</h2>${discountBlock}</div>
${credit ? `<div class="card"><h2>Payment</h2>${credit}<p class="muted">Card: the sandbox's test gateway (always succeeds).</p></div>` : `<div class="card"><h2>Payment</h2><p class="muted">Card: the sandbox's test gateway (always succeeds).</p></div>`}
<button type="submit" name="action" value="pay" data-pay>Pay now</button></div>
<div class="card" data-summary="order">${lines}
<div class="row"><span>Subtotal</span><span data-summary="subtotal">${e(formatMoney(show(v.quote.subtotalMinor), cur))}</span></div>
<div class="row"><span>Shipping</span><span data-summary="shipping">${e(formatMoney(show(v.quote.shippingMinor), cur))}</span></div>
${discountLine}${creditLine}
<div class="row total"><span>Total due <span class="tag" data-summary="currency">${e(cur)}</span></span><span data-summary="due">${e(formatMoney(v.quote.dueMinor, cur))}</span></div></div>
</form>`;
}

export function loginPage(shop: SandboxShop, returnTo: string, error: string | null): string {
  const known = [...shop.customers.values()].filter((c) => c.email).slice(-8);
  const list = known.length
    ? `<p class="muted">Sandbox customers: ${known.map((c) => `<code>${e(c.email)}</code>`).join(", ")}</p>`
    : "";
  const kind = shop.customerAccountsVersion === "NEW_CUSTOMER_ACCOUNTS" ? "new customer accounts (sign in with an emailed code; the sandbox skips the code)" : "classic customer accounts";
  return `<h1>Log in</h1><div class="card"><form method="post" action="/storefront/${e(shop.domain)}/account/login">
<input type="hidden" name="return_to" value="${e(returnTo)}">
<label for="login-email">Email</label><input id="login-email" name="email" type="email" autocomplete="email">${error ? `<p class="error" role="alert">${e(error)}</p>` : ""}
<p><button type="submit">Continue</button></p></form>
<p class="muted">This shop uses ${kind}. A new email creates the customer.</p>${list}</div>`;
}

export function ordersPage(shop: SandboxShop): string {
  const rows = [...shop.orders.values()]
    .reverse()
    .map(
      (o) =>
        `<tr><td><a href="/admin/orders/${e(o.id.split("/").pop())}?shop=${e(shop.domain)}">${e(o.name)}</a></td><td>${e(o.email)}</td><td>${e(o.discounts.map((d) => d.code).join(", "))}</td><td>${e(formatMoney(o.totalMinor, o.currencyCode))}</td><td>${e(o.cancelledAt ? "cancelled" : o.financialStatus)}</td></tr>`,
    )
    .join("");
  return `<h1>Orders</h1><div class="card"><table><tr><th>Order</th><th>Email</th><th>Codes</th><th>Total</th><th>Status</th></tr>${rows || `<tr><td colspan="5">No orders yet.</td></tr>`}</table></div>`;
}

export function orderPage(shop: SandboxShop, order: SandboxOrder, message: string | null): string {
  const cur = order.currencyCode;
  const refunded = order.refunds.reduce((s, r) => s + r.amountMinor, 0);
  const left = order.totalMinor - refunded;
  const action = `/admin/orders/${e(order.id.split("/").pop())}?shop=${e(shop.domain)}`;
  const lines = order.lines.map((l) => `<div class="row"><span>${e(l.title)} × ${l.quantity}</span><span>${e(formatMoney(l.priceMinor * l.quantity, cur))}</span></div>`).join("");
  const refunds = order.refunds.map((r) => `<div class="row"><span>Refund ${e(r.createdAt.slice(0, 10))}</span><span>-${e(formatMoney(r.amountMinor, cur))}</span></div>`).join("");
  return `<h1>Order ${e(order.name)}</h1>${message ? `<p class="error" role="alert">${e(message)}</p>` : ""}
<div class="grid"><div class="card">${lines}
${order.discounts.map((d) => `<div class="row"><span>Discount ${e(d.code)}</span><span>-${e(formatMoney(d.amountMinor, cur))}</span></div>`).join("")}
<div class="row"><span>Shipping</span><span>${e(formatMoney(order.shippingMinor, cur))}</span></div>
${order.storeCreditMinor ? `<div class="row"><span>Paid with store credit</span><span>${e(formatMoney(order.storeCreditMinor, order.presentmentCurrencyCode))}</span></div>` : ""}
<div class="row total"><span>Total</span><span>${e(formatMoney(order.totalMinor, cur))}</span></div>${refunds}
<p class="muted">${e(order.email)} · ${e(order.cancelledAt ? `cancelled ${order.cancelledAt.slice(0, 10)}` : order.financialStatus)}</p></div>
<div class="card"><h2>Refund</h2>${left > 0 ? `<form method="post" action="${action}"><label for="refund-amount">Amount (${e(cur)})</label><input id="refund-amount" name="amount" type="text" value="${e(formatMinorUnits(left, cur))}"><p><button name="action" value="refund">Refund</button></p></form>` : `<p>Fully refunded.</p>`}
<h2>Cancel</h2>${order.cancelledAt ? `<p>Cancelled.</p>` : `<form method="post" action="${action}"><p><button name="action" value="cancel" class="secondary">Cancel order</button></p></form>`}</div></div>`;
}
