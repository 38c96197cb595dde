// The app's Shopify Flow triggers as the code sends them: each trigger's handle, the Shopify
// objects it references and its typed fields, the same lists as the extensions' TOML files
// (extensions/twofold-flow-*/shopify.extension.toml; flow-triggers.test.ts compares them).
// A reference field is sent as `<object>_id` (the numeric id), a custom field under its key.

/** The custom field types Flow accepts on a trigger (number_integer and multi-line text are action-only). */
export type FlowFieldType = "single_line_text_field" | "number_decimal" | "boolean" | "email" | "url";
export type FlowReference = "customer" | "order";

export interface FlowTriggerDefinition {
  handle: string;
  references: readonly FlowReference[];
  fields: Readonly<Record<string, FlowFieldType>>;
}

export const FLOW_TRIGGERS = {
  referralQualified: {
    handle: "referral-qualified",
    references: ["customer", "order"],
    fields: {
      "Referral ID": "single_line_text_field",
      "Referral code": "single_line_text_field",
      "Order subtotal": "number_decimal",
      "Currency code": "single_line_text_field",
      "Approved by staff": "boolean",
    },
  },
  referralFlagged: {
    handle: "referral-flagged-for-review",
    references: ["customer", "order"],
    fields: {
      "Referral ID": "single_line_text_field",
      "Referral code": "single_line_text_field",
      "Review reason": "single_line_text_field",
      "Fraud score": "number_decimal",
      "Order subtotal": "number_decimal",
      "Currency code": "single_line_text_field",
    },
  },
  rewardIssued: {
    handle: "advocate-reward-issued",
    references: ["customer"],
    fields: {
      "Reward ID": "single_line_text_field",
      "Referral ID": "single_line_text_field",
      "Reward source": "single_line_text_field",
      "Reward type": "single_line_text_field",
      "Reward amount": "number_decimal",
      "Currency code": "single_line_text_field",
      "Discount code": "single_line_text_field",
    },
  },
  rewardReversed: {
    handle: "advocate-reward-reversed",
    references: ["customer"],
    fields: {
      "Reward ID": "single_line_text_field",
      "Referral ID": "single_line_text_field",
      "Reward type": "single_line_text_field",
      "Amount taken back": "number_decimal",
      "Amount owed": "number_decimal",
      "Currency code": "single_line_text_field",
      "Fully reversed": "boolean",
    },
  },
} as const satisfies Record<string, FlowTriggerDefinition>;

export type FlowTriggerName = keyof typeof FLOW_TRIGGERS;
type Fields<T extends FlowTriggerName> = (typeof FLOW_TRIGGERS)[T]["fields"];
type FieldValue<F> = F extends "number_decimal" ? number : F extends "boolean" ? boolean : string;
/** A trigger's custom field values, typed by the definition above. */
export type FlowTriggerValues<T extends FlowTriggerName> = { -readonly [K in keyof Fields<T>]: FieldValue<Fields<T>[K]> };

/** The numeric id of a gid, as Flow's reference fields take it: a number, or a digit string beyond 2^53 so it stays exact. */
export function flowObjectId(gid: string): number | string {
  const id = gid.split("/").pop() ?? "";
  if (!/^\d+$/.test(id)) throw new Error(`not a Shopify gid: ${gid}`);
  const n = Number(id);
  return Number.isSafeInteger(n) ? n : id;
}

/** The flowTriggerReceive payload: the references as `<object>_id`, then the fields. */
export function flowTriggerPayload<T extends FlowTriggerName>(
  trigger: T,
  references: Partial<Record<FlowReference, string>>,
  values: FlowTriggerValues<T>,
): Record<string, string | number | boolean> {
  const definition: FlowTriggerDefinition = FLOW_TRIGGERS[trigger];
  const payload: Record<string, string | number | boolean> = {};
  for (const reference of definition.references) {
    const gid = references[reference];
    if (!gid) throw new Error(`${definition.handle}: the ${reference} reference is missing`);
    payload[`${reference}_id`] = flowObjectId(gid);
  }
  for (const [key, type] of Object.entries(definition.fields)) {
    const value = (values as Record<string, unknown>)[key];
    const ok = type === "number_decimal" ? typeof value === "number" && Number.isFinite(value) : type === "boolean" ? typeof value === "boolean" : typeof value === "string";
    if (!ok) throw new Error(`${definition.handle}: field "${key}" must be ${type}, got ${JSON.stringify(value)}`);
    payload[key] = value as string | number | boolean;
  }
  return payload;
}
