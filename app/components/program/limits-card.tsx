// How many rewards an advocate and the shop may earn, and what happens at a limit.
import { ChoiceList, FormLayout } from "@shopify/polaris";
import { SectionCard } from "../section-card";
import { MoneyField, WholeField } from "./fields";
import type { ProgramFormApi } from "./use-program-form";

const ON_LIMIT = [
  { label: "Hold the reward for your review", value: "hold_for_review", helpText: "You approve or reject it in Review." },
  { label: "Skip the reward", value: "skip", helpText: "The advocate earns nothing for that referral." },
];

export function LimitsCard({ program }: { program: ProgramFormApi }) {
  return (
    <SectionCard title="Limits">
      <FormLayout>
        <FormLayout.Group>
          <WholeField program={program} name="limits.maxRewardsPerAdvocatePerMonth" label="Rewards per advocate per month" helpText="Leave empty for no limit." />
          <MoneyField program={program} name="limits.monthlyBudgetMinor" label="Monthly budget for the shop" helpText="Leave empty for no limit." />
        </FormLayout.Group>
        <ChoiceList title="When a limit is reached" choices={ON_LIMIT} selected={[program.value("limits.onLimit")]} onChange={([choice]) => program.set("limits.onLimit")(choice)} />
      </FormLayout>
    </SectionCard>
  );
}
