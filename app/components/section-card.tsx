// A card of the admin pages: a heading, an optional subdued sentence under it, then its content.
import type { ReactNode } from "react";
import { BlockStack, Card, Text } from "@shopify/polaris";

export function SectionCard({
  title,
  description,
  gap = "300",
  headingAs = "h2",
  children,
}: {
  title: ReactNode;
  description?: ReactNode;
  gap?: "100" | "200" | "300";
  headingAs?: "h2" | "h3";
  children?: ReactNode;
}) {
  return (
    <Card>
      <BlockStack gap={gap}>
        <Text as={headingAs} variant="headingMd">
          {title}
        </Text>
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
