/** The sandbox shop's products: a few fixed items priced in the shop's currency. */
import { toMinorUnits } from "../admin/money";

export interface SandboxProduct {
  handle: string;
  title: string;
  /** Major units, as a merchant types it. */
  price: string;
  productId: string;
  variantId: string;
}

export const CATALOG: SandboxProduct[] = [
  { handle: "demo", title: "Demo product", price: "50.00", productId: "gid://shopify/Product/7001", variantId: "gid://shopify/ProductVariant/47001" },
  { handle: "canvas-tote", title: "Canvas tote", price: "25.00", productId: "gid://shopify/Product/7002", variantId: "gid://shopify/ProductVariant/47002" },
  { handle: "wool-scarf", title: "Wool scarf", price: "80.00", productId: "gid://shopify/Product/7003", variantId: "gid://shopify/ProductVariant/47003" },
];

/** Flat-rate "Standard shipping" of every sandbox order, major units. */
export const SHIPPING_RATE = "5.00";

export function productByVariant(id: string | number): SandboxProduct | undefined {
  const text = String(id);
  return CATALOG.find((p) => p.variantId === text || p.variantId.endsWith(`/${text}`) || p.handle === text);
}

export function priceMinor(product: SandboxProduct, currency: string): number {
  return toMinorUnits(product.price, currency);
}
