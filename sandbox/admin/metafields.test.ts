import { describe, expect, it } from "vitest";
import { storefrontStateOf } from "../storefront/state";
import { appInstallationId, createRootValue } from "./resolvers";
import { addCustomer, createState, upsertShop } from "./state";

function setup() {
  const state = createState();
  const shop = upsertShop(state, { domain: "meta-test.myshopify.com" });
  const customer = addCustomer(state, shop, { id: 42, email: "ada@example.com" });
  const root = createRootValue({ state, shop });
  const call = (name: string, args: Record<string, unknown>) => (root.mutation[name] as (a: Record<string, unknown>) => Record<string, unknown>)(args);
  return { state, shop, customer, root, call };
}

describe("sandbox metafields", () => {
  it("stores app-data metafields on the installation and a customer's $app code, and deletes them", () => {
    const { state, shop, root, call } = setup();
    const install = (root.query.currentAppInstallation as () => { id: string })();
    expect(install.id).toBe(appInstallationId(shop));
    expect(install.id).toMatch(/^gid:\/\/shopify\/AppInstallation\/\d+$/);
    const set = call("metafieldsSet", {
      metafields: [
        { ownerId: install.id, namespace: "twofold", key: "friend_reward", value: "15% off", type: "multi_line_text_field" },
        { ownerId: "gid://shopify/Customer/42", namespace: "$app:twofold", key: "code", value: "ADA42", type: "single_line_text_field" },
      ],
    });
    expect(set.userErrors).toEqual([]);
    expect(set.metafields).toHaveLength(2);
    const sf = storefrontStateOf(state);
    expect(sf.appMetafields.get(shop.domain)).toEqual({ friend_reward: "15% off" });
    expect(sf.customerCodes.get(shop.domain)?.get("42")).toBe("ADA42");

    const del = call("metafieldsDelete", { metafields: [{ ownerId: install.id, namespace: "twofold", key: "friend_reward" }, { ownerId: install.id, namespace: "twofold", key: "nope" }] });
    expect(del.deletedMetafields).toEqual([{ __typename: "MetafieldIdentifier", ownerId: install.id, namespace: "twofold", key: "friend_reward" }, null]);
    expect(sf.appMetafields.get(shop.domain)).toEqual({});
  });

  it("refuses blank values and unknown owners, all or nothing", () => {
    const { state, shop, call } = setup();
    const res = call("metafieldsSet", {
      metafields: [
        { ownerId: appInstallationId(shop), namespace: "twofold", key: "terms", value: "ok" },
        { ownerId: appInstallationId(shop), namespace: "twofold", key: "status", value: "  " },
        { ownerId: "gid://shopify/Customer/999", namespace: "$app:twofold", key: "code", value: "X" },
      ],
    });
    expect((res.userErrors as Array<{ code: string; elementIndex: number }>).map((e) => [e.elementIndex, e.code])).toEqual([
      [1, "BLANK"],
      [2, "INVALID"],
    ]);
    expect(storefrontStateOf(state).appMetafields.get(shop.domain)).toBeUndefined();
  });
});
