// What an advocate's personal code gives in Shopify, from the program: its title, its create
// input, and bringing an existing code to the program's current friend offer.
import type { AdminGraphql } from "../shopify/admin-graphql";
import {
  createBasicDiscountCode,
  deleteDiscountCode,
  discountTypeOf,
  findDiscountCodeByCode,
  isDiscountCodeTaken,
  operationNameOfOfferUpdate,
  updateDiscountCodeOffer,
} from "../shopify/discount-codes.server";
import { permanentOnUserErrors } from "../shopify/errors";
import { friendDiscountOffer } from "./friend-discount";
import type { ProgramConfig } from "./program-config";

/** The title that marks an advocate's personal code as Twofold's in the merchant's discounts list. */
export function advocateCodeTitle(code: string): string {
  return `Twofold referral code ${code}`;
}

/** The code's create input from the program: any number of friends, each once; the program's minimum; no end date. */
export function advocateCodeInput(code: string, config: ProgramConfig) {
  return { title: advocateCodeTitle(code), code, ...friendDiscountOffer(config), usageLimit: null, tags: ["twofold", "twofold-advocate-code"] };
}

/**
 * Brings one advocate's code to the program's friend offer: updated in place, or deleted and
 * made again when the offer changed type (free shipping is another kind of discount). A code
 * that is not there or not Twofold's is left alone. Waits for the shop's API budget first.
 */
export async function bringCodeToOffer(client: AdminGraphql, code: string, config: ProgramConfig): Promise<"updated" | "recreated" | "skipped"> {
  const existing = await findDiscountCodeByCode(client, code);
  if (!existing || existing.title !== advocateCodeTitle(code)) return "skipped";
  const offer = friendDiscountOffer(config);
  if (existing.type === discountTypeOf(offer.value)) {
    await client.waitForBudget?.(operationNameOfOfferUpdate(offer.value));
    await updateDiscountCodeOffer(client, existing.id, offer).catch(permanentOnUserErrors);
    return "updated";
  }
  await deleteDiscountCode(client, existing.id).catch(permanentOnUserErrors);
  await createBasicDiscountCode(client, advocateCodeInput(code, config)).catch((error: unknown) => {
    // A retry after the create landed: it is there with our title.
    if (!isDiscountCodeTaken(error)) permanentOnUserErrors(error);
  });
  return "recreated";
}
