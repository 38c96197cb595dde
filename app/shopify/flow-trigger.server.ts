// Starts the merchant's Shopify Flow workflows that begin with one of the app's triggers
// (extensions/twofold-flow-*): `flowTriggerReceive(handle:, payload:)`, where the payload's
// keys are the trigger's declared fields (`customer_id` for a customer_reference, the field's
// key for the others). Shopify gives no idempotency key: the caller sends each event once
// (app/flow/send-flow-trigger.job.server.ts).
import { operationName, requestOperation, type AdminGraphql } from "./admin-graphql";
import { throwIfUserErrors } from "./errors";

export const FLOW_TRIGGER_RECEIVE = `#graphql
  mutation FlowTriggerReceive($handle: String!, $payload: JSON!) {
    flowTriggerReceive(handle: $handle, payload: $payload) {
      userErrors {
        field
        message
      }
    }
  }
`;

export const FLOW_TRIGGER_OPERATION = operationName(FLOW_TRIGGER_RECEIVE);

/** Throws ShopifyUserError when Flow refuses the handle or the payload. */
export async function sendFlowTrigger(client: AdminGraphql, handle: string, payload: Record<string, unknown>): Promise<void> {
  const data = await requestOperation(client, FLOW_TRIGGER_RECEIVE, { handle, payload });
  throwIfUserErrors(FLOW_TRIGGER_OPERATION, data.flowTriggerReceive?.userErrors);
}
