// On or paused: the program's state and the button that turns it on or pauses it (a request
// of its own, answered with a toast; the form's edits are not saved by it).
import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { useEffect } from "react";
import type { ProgramActionResult } from "./use-program-form";

export function StatusCard({ isNew, active }: { isNew: boolean; active: boolean }) {
  const shopify = useAppBridge();
  const toggler = useFetcher<ProgramActionResult>();
  useEffect(() => {
    const result = toggler.data;
    if (toggler.state !== "idle" || !result) return;
    if (result.ok && result.intent !== "save") shopify.toast.show(result.intent === "activate" ? "Program is on" : "Program is paused");
    else if (!result.ok) shopify.toast.show(result.error, { isError: true });
  }, [toggler.state, toggler.data, shopify]);

  return (
    <Card>
      <InlineStack align="space-between" blockAlign="center" gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Program is {isNew ? "not set up" : active ? "on" : "paused"}
          </Text>
          <Text as="p" tone="subdued">
            {active ? "Customers can share their link and friends get the offer." : "Nothing is shown to customers and no rewards are created until you turn it on."}
          </Text>
        </BlockStack>
        <toggler.Form method="post">
          <input type="hidden" name="intent" value={active ? "pause" : "activate"} />
          <Button submit variant={active ? "secondary" : "primary"} disabled={isNew} loading={toggler.state !== "idle"}>
            {active ? "Pause program" : "Turn program on"}
          </Button>
        </toggler.Form>
      </InlineStack>
    </Card>
  );
}
