// Who did something, as the admin names them: a staff member by their Shopify user number
// ("staff member 77"; Shopify gives the app no staff names with offline sessions), Shopify
// Flow by name, and nobody (null) for Twofold itself ("system", webhooks).

/** "staff:77" → "staff member 77"; "Shopify Flow" stays; "system" and "webhook:…" → null. */
export function actorName(actor: string | null | undefined): string | null {
  if (!actor || actor === "system" || actor.startsWith("webhook:")) return null;
  const staff = /^staff:(.+)$/.exec(actor);
  return staff ? `staff member ${staff[1]}` : actor;
}
