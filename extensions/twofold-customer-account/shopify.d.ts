import '@shopify/ui-extensions';

//@ts-ignore
declare module './src/ReferralPage.tsx' {
  const shopify:
    | import('@shopify/ui-extensions/customer-account.page.render').Api
    | import('@shopify/ui-extensions/customer-account.profile.block.render').Api;
  const globalThis: { shopify: typeof shopify };
}

//@ts-ignore
declare module './src/app-url.ts' {
  const shopify:
    | import('@shopify/ui-extensions/customer-account.page.render').Api
    | import('@shopify/ui-extensions/customer-account.profile.block.render').Api;
  const globalThis: { shopify: typeof shopify };
}

//@ts-ignore
declare module './src/fetch-page.ts' {
  const shopify:
    | import('@shopify/ui-extensions/customer-account.page.render').Api
    | import('@shopify/ui-extensions/customer-account.profile.block.render').Api;
  const globalThis: { shopify: typeof shopify };
}
