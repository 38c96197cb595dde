// The shop facts the app needs to choose rewards and show links: name, domains, currency, and whether
// buyers log in with new customer accounts (the only way they can spend store credit).
import { requestOperation, type AdminGraphql } from "./admin-graphql";

export const FETCH_SHOP_PROFILE = `#graphql
  query FetchShopProfile {
    shop {
      name
      myshopifyDomain
      primaryDomain {
        url
      }
      currencyCode
      enabledPresentmentCurrencies
      customerAccountsV2 {
        customerAccountsVersion
        loginRequiredAtCheckout
      }
    }
  }
`;

export interface ShopProfile {
  name: string;
  myshopifyDomain: string;
  /** The primary domain's URL (https://www.acme.com, or the myshopify domain's when the shop has no other). */
  primaryUrl: string;
  currencyCode: string;
  /** The currencies buyers can check out in, the shop's own among them. */
  presentmentCurrencies: string[];
  customerAccountsVersion: "CLASSIC" | "NEW_CUSTOMER_ACCOUNTS";
  /** Store credit can be spent only by buyers logged in with new customer accounts. */
  canSpendStoreCredit: boolean;
}

export async function fetchShopProfile(client: AdminGraphql): Promise<ShopProfile> {
  const { shop } = await requestOperation(client, FETCH_SHOP_PROFILE);
  const version = shop.customerAccountsV2.customerAccountsVersion;
  return {
    name: shop.name,
    myshopifyDomain: shop.myshopifyDomain,
    primaryUrl: shop.primaryDomain.url,
    currencyCode: shop.currencyCode,
    presentmentCurrencies: shop.enabledPresentmentCurrencies,
    customerAccountsVersion: version,
    canSpendStoreCredit: version === "NEW_CUSTOMER_ACCOUNTS",
  };
}
