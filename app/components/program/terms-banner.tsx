// The warning beside the preview when the edited rewards are no longer what terms written by
// hand say: shoppers read the terms next to the offer. In the preview's column, so the fields
// being typed in do not move when it appears.
import { Banner, BlockStack, List, Text } from "@shopify/polaris";
import { LANGUAGE_OPTIONS } from "../language-options";
import type { ProgramFormApi } from "./use-program-form";

function languageName(code: string): string {
  return LANGUAGE_OPTIONS.find((o) => o.value === code)?.label ?? code;
}

export function TermsBanner({ program }: { program: ProgramFormApi }) {
  const warning = program.termsWarning;
  if (!warning) return null;
  const languages = warning.languages.map(languageName).join(", ");
  return (
    <div data-testid="terms-warning">
      <Banner
        tone="warning"
        title={warning.ownTerms ? "Your program terms may no longer match the rewards" : "Your terms in other languages may no longer match the rewards"}
        action={warning.ownTerms ? { content: "Rewrite terms from these settings", onAction: program.rewriteTerms } : undefined}
        secondaryAction={{ content: "Keep my terms", onAction: program.keepTerms }}
      >
        <BlockStack gap="200">
          <Text as="p">You changed:</Text>
          <List>
            {warning.changes.map((change) => (
              <List.Item key={change}>{change}</List.Item>
            ))}
          </List>
          {warning.ownTerms && (
            <Text as="p">
              The program terms are your own words, so they did not change with the rewards, and shoppers read them next to the offer. Rewrite them from these settings, or
              edit them under “What shoppers read”.
            </Text>
          )}
          {warning.languages.length > 0 && (
            <Text as="p">
              {warning.ownTerms ? "Your terms in " : "The program terms change with the rewards, but your terms in "}
              {languages} are your own words: edit them to match.
            </Text>
          )}
        </BlockStack>
      </Banner>
    </div>
  );
}
