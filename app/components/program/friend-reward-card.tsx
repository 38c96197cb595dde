// What the friend gets: the discount, its conditions, what it combines with and when it is given.
import { BlockStack, Checkbox, ChoiceList, FormLayout, Text } from "@shopify/polaris";
import { SectionCard } from "../section-card";
import { CHOICES } from "./choices";
import { MoneyField, PercentField, ProgramSelect, WholeField } from "./fields";
import type { ProgramFormApi } from "./use-program-form";

export function FriendRewardCard({ program }: { program: ProgramFormApi }) {
  const type = program.value("friendReward.type");
  return (
    <SectionCard title="Friend's reward">
      <FormLayout>
        <ProgramSelect program={program} name="friendReward.type" label="Reward" options={CHOICES.friendReward} />
        {type === "percentage" && <PercentField program={program} name="friendReward.percent" label="Discount" />}
        {type === "fixed_amount" && <MoneyField program={program} name="friendReward.amountMinor" label="Discount amount" />}
        <FormLayout.Group>
          <MoneyField program={program} name="friendReward.minimumSubtotalMinor" label="Minimum order subtotal" helpText="Leave empty for no minimum." />
          <WholeField program={program} name="friendReward.codeExpiryDays" label="Code valid for (days)" helpText="Leave empty for a code that never expires." />
        </FormLayout.Group>
        <BlockStack gap="100">
          <Text as="p">Combines with</Text>
          <Checkbox label="Order discounts" {...program.flag("friendReward.combinesWith.orderDiscounts")} />
          <Checkbox label="Product discounts" {...program.flag("friendReward.combinesWith.productDiscounts")} />
          <Checkbox label="Shipping discounts" {...program.flag("friendReward.combinesWith.shippingDiscounts")} />
        </BlockStack>
        <ChoiceList
          title="When the friend gets the code"
          choices={CHOICES.issueMode}
          selected={[program.value("friendReward.issueMode")]}
          onChange={([mode]) => program.set("friendReward.issueMode")(mode)}
          error={program.errorFor("friendReward.issueMode")}
        />
      </FormLayout>
    </SectionCard>
  );
}
