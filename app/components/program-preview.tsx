// What the friend and the advocate will read, rendered with the storefront's own text functions.
import { Badge, BlockStack, Box, Card, Divider, InlineStack, Text } from "@shopify/polaris";
import type { ProgramConfig } from "../program/program-config";
import { describeAdvocateReward, describeFriendOffer, renderShareMessage } from "../program/program-text";

/** `stale`: a setting is invalid, so `config` is the last valid one (said in a badge on the heading's line, so nothing moves). */
export function ProgramPreview({ config, shopName, locale = "en", stale = false }: { config: ProgramConfig | null; shopName: string; locale?: string; stale?: boolean }) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center" wrap={false}>
          <Text as="h2" variant="headingMd">
            Preview
          </Text>
          {stale && config && <Badge tone="attention">Last valid settings</Badge>}
        </InlineStack>
        {config ? (
          <>
            <BlockStack gap="100">
              <Text as="h3" variant="headingSm">
                Your customers&apos; friends see
              </Text>
              <Box background="bg-surface-secondary" padding="300" borderRadius="200">
                <p data-testid="preview-friend">
                  <Text as="span" fontWeight="semibold">{`Get ${describeFriendOffer(config, locale)}`}</Text>
                </p>
              </Box>
            </BlockStack>
            <BlockStack gap="100">
              <Text as="h3" variant="headingSm">
                Your customers (advocates) see
              </Text>
              <Box background="bg-surface-secondary" padding="300" borderRadius="200">
                <BlockStack gap="200">
                  <p data-testid="preview-advocate">{`Give your friends ${describeFriendOffer(config, locale, "others")}. Get ${describeAdvocateReward(config, locale)}.`}</p>
                  <Text as="p" tone="subdued">
                    Shared message:
                  </Text>
                  <p data-testid="preview-share">{renderShareMessage(config, { link: "https://your-store.example/?ref=JANE-7K2Q", shopName }, locale)}</p>
                </BlockStack>
              </Box>
            </BlockStack>
            <Divider />
            <BlockStack gap="100">
              <Text as="h3" variant="headingSm">
                Program terms
              </Text>
              <Text as="p" tone="subdued">
                <span style={{ whiteSpace: "pre-line" }}>{config.terms}</span>
              </Text>
            </BlockStack>
          </>
        ) : (
          <Text as="p" tone="subdued">
            The preview appears when every setting is valid.
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}
