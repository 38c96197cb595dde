// The admin pages' two columns inside Polaris' Layout: the main one, and a third of the width
// beside it (stacked on narrow screens), each a stack of cards.
import type { ReactNode } from "react";
import { BlockStack, Layout } from "@shopify/polaris";

export function MainColumn({ children }: { children: ReactNode }) {
  return (
    <Layout.Section>
      <BlockStack gap="400">{children}</BlockStack>
    </Layout.Section>
  );
}

export function SideColumn({ children }: { children: ReactNode }) {
  return (
    <Layout.Section variant="oneThird">
      <BlockStack gap="400">{children}</BlockStack>
    </Layout.Section>
  );
}
