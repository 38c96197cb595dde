// A card of the admin pages: a heading (with a badge beside it, or an action at its right), an
// optional subdued sentence under it, then its content.
import type { ReactNode } from "react";
import { BlockStack, Card, InlineStack, Text } from "@shopify/polaris";

export interface SectionCardProps {
  title: ReactNode;
  description?: ReactNode;
  /** Shown right after the heading (a status, a score). */
  badge?: ReactNode;
  /** Shown at the heading line's far end (a button). */
  action?: ReactNode;
  gap?: "100" | "200" | "300";
  headingAs?: "h2" | "h3";
  children?: ReactNode;
}

export function SectionCard({ title, description, badge, action, gap = "300", headingAs = "h2", children }: SectionCardProps) {
  const heading = (
    <Text as={headingAs} variant="headingMd">
      {title}
    </Text>
  );
  return (
    <Card>
      <BlockStack gap={gap}>
        {badge != null ? (
          <InlineStack gap="200" blockAlign="center">
            {heading}
            {badge}
          </InlineStack>
        ) : action != null ? (
          <InlineStack align="space-between" blockAlign="center">
            {heading}
            {action}
          </InlineStack>
        ) : (
          heading
        )}
        {description != null && (
          <Text as="p" tone="subdued">
            {description}
          </Text>
        )}
        {children}
      </BlockStack>
    </Card>
  );
}
