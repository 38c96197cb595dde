// Types of the `shopify` global for this extension's module, as Shopify CLI generates them:
// the module runs on two targets, so it sees what both APIs have in common.
import "@shopify/ui-extensions";

declare module "./src/ReferralPage.tsx" {
  const shopify:
    | import("@shopify/ui-extensions/customer-account.page.render").Api
    | import("@shopify/ui-extensions/customer-account.profile.block.render").Api;
  const globalThis: { shopify: typeof shopify };
}
