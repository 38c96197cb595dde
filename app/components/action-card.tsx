// A staff action as the admin pages show it: a card with a heading, a sentence saying what the
// action does, its fields, and one button.
import type { ReactNode } from "react";
import { Button, InlineStack } from "@shopify/polaris";
import { SectionCard } from "./section-card";

export interface ActionCardProps {
  title: string;
  description: ReactNode;
  children?: ReactNode;
  action: { label: string; onAction: () => void; loading?: boolean; disabled?: boolean; tone?: "critical"; variant?: "primary" };
}

export function ActionCard({ title, description, children, action }: ActionCardProps) {
  return (
    <SectionCard title={title} description={description}>
      {children}
      <InlineStack>
        <Button tone={action.tone} variant={action.variant} loading={action.loading} disabled={action.disabled} onClick={action.onAction}>
          {action.label}
        </Button>
      </InlineStack>
    </SectionCard>
  );
}

/** The reason field every audited staff action asks for. */
export const AUDIT_HELP = "Saved in the audit log with your name.";
