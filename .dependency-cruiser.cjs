// The one-way layout (docs/ARCHITECTURE.md): each layer may import its own folder and the
// layers below it, never one above. `npm run lint:layers` (run by .ci/run) fails on a climb.
// Tests, benches and scripts may import anything.
const LAYERS = [
  ["entry", "^app/(routes/|worker/|entry\\.server\\.tsx|root\\.tsx)"],
  ["webhooks", "^app/webhooks/"],
  ["compliance", "^app/compliance/"],
  ["review", "^app/review/"],
  ["components", "^app/components/"],
  ["customer-account", "^app/customer-account/"],
  ["storefront", "^app/storefront/"],
  ["app-auth", "^app/shopify\\.server\\.ts"],
  ["referrals", "^app/referrals/"],
  ["fraud", "^app/fraud/"],
  ["analytics", "^app/analytics/"],
  ["rewards", "^app/rewards/"],
  ["flow", "^app/flow/"],
  ["notifications", "^app/notifications/"],
  ["advocates", "^app/advocates/"],
  ["program", "^app/program/"],
  ["shops", "^app/shops/"],
  ["integrations", "^app/integrations/"],
  ["shopify-adapter", "^app/(shopify/|shopify-sandbox\\.server\\.ts)"],
  ["jobs-runtime", "^app/jobs/"],
  ["foundation", "^app/(lib/|db\\.server\\.ts|env\\.server\\.ts|generated/)"],
];

const forbidden = LAYERS.slice(1).map(([name, path], index) => ({
  name: `no-climb-from-${name}`,
  comment: `${name} may not import a layer above it (${LAYERS.slice(0, index + 1)
    .map(([above]) => above)
    .join(", ")}): see docs/ARCHITECTURE.md`,
  severity: "error",
  from: { path, pathNot: "\\.test\\.tsx?$" },
  to: { path: LAYERS.slice(0, index + 1).map(([, above]) => above) },
}));

forbidden.push({
  name: "every-app-file-in-a-layer",
  comment: "a new folder under app/ needs a place in LAYERS (.dependency-cruiser.cjs) and docs/ARCHITECTURE.md",
  severity: "error",
  from: { path: "^app/", pathNot: [...LAYERS.map(([, path]) => path), "\\.test\\.tsx?$", "\\.d\\.ts$"] },
  to: {},
});

module.exports = {
  forbidden,

  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "\\.test\\.tsx?$" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js", ".mjs"] },
  },
};
