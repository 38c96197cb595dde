// App-owned metafields: the app-data metafields on the app installation (the program texts the
// theme blocks read as `app.metafields.twofold.*`) and the advocate's code on the customer
// (`$app:twofold.code`). metafieldsSet is an upsert keyed by owner, namespace and key, so a
// retried job writes the same values again harmlessly.
import { requestOperation, type AdminGraphql } from "./admin-graphql";
import { throwIfUserErrors } from "./errors";

export const CURRENT_APP_INSTALLATION_ID = `#graphql
  query CurrentAppInstallationId {
    currentAppInstallation {
      id
    }
  }
`;

export const SET_METAFIELDS = `#graphql
  mutation SetMetafields($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields {
        id
        namespace
        key
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

export const DELETE_METAFIELDS = `#graphql
  mutation DeleteMetafields($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) {
      deletedMetafields {
        key
      }
      userErrors {
        field
        message
      }
    }
  }
`;

/** Namespace of the app-data metafields on the installation (read in Liquid as app.metafields.twofold). */
export const APP_DATA_NAMESPACE = "twofold";
/** App-reserved namespace of the customer's advocate code (customer.metafields['$app:twofold'].code). */
export const CUSTOMER_CODE_NAMESPACE = "$app:twofold";
/** metafieldsSet takes at most 25 metafields per call. */
const MAX_PER_CALL = 25;

export async function currentAppInstallationId(client: AdminGraphql): Promise<string> {
  const data = await requestOperation(client, CURRENT_APP_INSTALLATION_ID);
  const id = data.currentAppInstallation?.id;
  if (!id) throw new Error("currentAppInstallation returned no id");
  return id;
}

export interface MetafieldValue {
  ownerId: string;
  namespace: string;
  key: string;
  value: string;
  /** Defaults to multi_line_text_field. */
  type?: string;
}

/** Writes metafields (in batches of 25); throws ShopifyUserError on userErrors. */
export async function setMetafields(client: AdminGraphql, metafields: MetafieldValue[]): Promise<number> {
  let written = 0;
  if (metafields.length === 0) return 0;
  for (let i = 0; i < metafields.length; i += MAX_PER_CALL) {
    const batch = metafields.slice(i, i + MAX_PER_CALL).map((m) => ({
      ownerId: m.ownerId,
      namespace: m.namespace,
      key: m.key,
      value: m.value,
      type: m.type ?? "multi_line_text_field",
    }));
    const data = await requestOperation(client, SET_METAFIELDS, { metafields: batch });
    throwIfUserErrors("metafieldsSet", data.metafieldsSet?.userErrors);
    written += data.metafieldsSet?.metafields?.length ?? 0;
  }
  return written;
}

/**
 * The app-data metafields on the current app installation. Shopify refuses a blank value
 * (BLANK), so a text that became empty is deleted instead (the blocks read a missing
 * metafield as empty). `types` names the keys that are not multi-line text (json). Returns how
 * many were written.
 */
export async function setAppDataMetafields(client: AdminGraphql, values: Record<string, string>, types: Record<string, string> = {}): Promise<number> {
  const ownerId = await currentAppInstallationId(client);
  const entries = Object.entries(values);
  const written = await setMetafields(
    client,
    entries.filter(([, value]) => value.trim() !== "").map(([key, value]) => ({ ownerId, namespace: APP_DATA_NAMESPACE, key, value, type: types[key] })),
  );
  const emptied = entries.filter(([, value]) => value.trim() === "").map(([key]) => ({ ownerId, namespace: APP_DATA_NAMESPACE, key }));
  if (emptied.length > 0) {
    const data = await requestOperation(client, DELETE_METAFIELDS, { metafields: emptied });
    throwIfUserErrors("metafieldsDelete", data.metafieldsDelete?.userErrors);
  }
  return written;
}

/** The advocate's code on the customer, in the app-reserved namespace. */
export async function setCustomerReferralCode(client: AdminGraphql, customerGid: string, code: string): Promise<void> {
  await setMetafields(client, [{ ownerId: customerGid, namespace: CUSTOMER_CODE_NAMESPACE, key: "code", value: code, type: "single_line_text_field" }]);
}
