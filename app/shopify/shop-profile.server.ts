// The shop facts the app needs to choose rewards: name, domain, currency, and whether
// buyers log in with new customer accounts (the only way they can spend store credit).
import { requestOperation, type AdminGraphql } from "./admin-graphql";

export const FETCH_SHOP_PROFILE = `#graphql
  query FetchShopProfile {
    shop {
      name
      myshopifyDomain
      currencyCode
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
  currencyCode: string;
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
    currencyCode: shop.currencyCode,
    customerAccountsVersion: version,
    canSpendStoreCredit: version === "NEW_CUSTOMER_ACCOUNTS",
  };
}
