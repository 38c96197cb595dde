// What shoppers read: the share message and the terms, in the primary language or another one.
import { Button, FormLayout, InlineStack, Select } from "@shopify/polaris";
import { LANGUAGE_OPTIONS } from "../language-options";
import { SectionCard } from "../section-card";
import { ProgramTextField } from "./fields";
import type { ProgramFormApi } from "./use-program-form";

const OPTIONS = [{ value: "", label: "Primary language" }, ...LANGUAGE_OPTIONS];
const PLACEHOLDERS = "{{friend_offer}}, {{link}} (required), {{shop_name}}";

/** `lang`: the language edited ("" = the primary texts); the preview shows the same one. */
export function ShopperTextsCard({ program, lang, onLangChange }: { program: ProgramFormApi; lang: string; onLangChange: (lang: string) => void }) {
  return (
    <SectionCard title="What shoppers read">
      <FormLayout>
        <Select
          label="Language"
          options={OPTIONS}
          value={lang}
          onChange={onLangChange}
          helpText="Give the share message and terms in other languages; shoppers in a language without its own text read the primary one."
        />
        {lang ? (
          <>
            <ProgramTextField program={program} name={`translations.${lang}.shareMessage`} label={`Share message (${lang})`} multiline={3} helpText={`Empty: the primary share message. Placeholders: ${PLACEHOLDERS}.`} />
            <ProgramTextField program={program} name={`translations.${lang}.terms`} label={`Program terms (${lang})`} multiline={8} helpText="Empty: the primary terms. Your own words: they do not change when you change the rewards." />
          </>
        ) : (
          <>
            <ProgramTextField program={program} name="shareMessage" label="Share message" multiline={3} helpText={`Placeholders: ${PLACEHOLDERS}.`} />
            <ProgramTextField
              program={program}
              name="terms"
              label="Program terms"
              multiline={8}
              helpText={
                program.termsFollow
                  ? "Written by Twofold from your settings: they change when you change the rewards. Once you edit them, they stay as you write them."
                  : "Your own words: they stay as you write them when you change the rewards."
              }
            />
          </>
        )}
        <InlineStack>
          <Button disabled={!program.preview} onClick={program.rewriteTerms}>
            Rewrite terms from these settings
          </Button>
        </InlineStack>
      </FormLayout>
    </SectionCard>
  );
}
