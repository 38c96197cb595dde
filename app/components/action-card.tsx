// A staff action as the admin pages show it: a card with a heading, a sentence saying what the
// action does, its fields, and one button.
import type { ReactNode } from "react";
import { BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";

export interface ActionCardProps {
  title: string;
  description: ReactNode;
  children?: ReactNode;
  action: { label: string; onAction: () => void; loading?: boolean; disabled?: boolean; tone?: "critical"; variant?: "primary" };
}

export function ActionCard({ title, description, children, action }: ActionCardProps) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        <Text as="p" tone="subdued">
          {description}
        </Text>
        {children}
        <InlineStack>
          <Button tone={action.tone} variant={action.variant} loading={action.loading} disabled={action.disabled} onClick={action.onAction}>
            {action.label}
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

/** The reason field every audited staff action asks for. */
export const AUDIT_HELP = "Saved in the audit log with your name.";
