// What the friend gets: the discount, its conditions, what it combines with and when it is given.
import { BlockStack, Checkbox, ChoiceList, FormLayout, Select, Text } from "@shopify/polaris";
import { SectionCard } from "../section-card";
import { MoneyField, PercentField, WholeField } from "./fields";
import type { ProgramFormApi } from "./use-program-form";

const FRIEND_REWARDS = [
  { label: "Percentage off", value: "percentage" },
  { label: "Fixed amount off", value: "fixed_amount" },
  { label: "Free shipping", value: "free_shipping" },
];

const ISSUE_MODES = [
  { label: "Instantly, when they claim the offer with their email", value: "instant" },
  { label: "After their first order, for their next order", value: "after_first_order" },
];

export function FriendRewardCard({ program }: { program: ProgramFormApi }) {
  const type = program.value("friendReward.type");
  return (
    <SectionCard title="Friend's reward">
      <FormLayout>
        <Select label="Reward" name="friendReward.type" options={FRIEND_REWARDS} value={type} onChange={program.set("friendReward.type")} error={program.errorFor("friendReward.type")} />
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
          choices={ISSUE_MODES}
          selected={[program.value("friendReward.issueMode")]}
          onChange={([mode]) => program.set("friendReward.issueMode")(mode)}
          error={program.errorFor("friendReward.issueMode")}
        />
      </FormLayout>
    </SectionCard>
  );
}
