// Selections several Admin documents share, written once as GraphQL fragments. An operation
// spreads one (`...ShopMoney`) and ends with its constant (`${SHOP_MONEY}`), `as const`, so
// its text stays the key of the generated types (scripts/check-graphql.ts checks the whole).

/** A MoneyBag in the shop's currency. */
export const SHOP_MONEY = `#graphql
  fragment ShopMoney on MoneyBag {
    shopMoney {
      amount
      currencyCode
    }
  }
`;

/** A MoneyBag in the shop's and the buyer's (presentment) currency. */
export const SHOP_AND_PRESENTMENT_MONEY = `#graphql
  fragment ShopAndPresentmentMoney on MoneyBag {
    shopMoney {
      amount
      currencyCode
    }
    presentmentMoney {
      amount
      currencyCode
    }
  }
`;
