// Where the app answers (/api/customer-account). scripts/build-extensions.mjs replaces
// __TWOFOLD_APP_URL__ with SHOPIFY_APP_URL; a build without it (Shopify CLI) uses the
// application_url of shopify.app.toml, copied here.
declare const __TWOFOLD_APP_URL__: string | undefined;

export const APP_URL: string = typeof __TWOFOLD_APP_URL__ === "string" ? __TWOFOLD_APP_URL__ : "https://example.com";
