// How many rewards an advocate and the shop may earn, and what happens at a limit.
import { ChoiceList, FormLayout } from "@shopify/polaris";
import { SectionCard } from "../section-card";
import { CHOICES } from "./choices";
import { MoneyField, WholeField } from "./fields";
import type { ProgramFormApi } from "./use-program-form";

export function LimitsCard({ program }: { program: ProgramFormApi }) {
  return (
    <SectionCard title="Limits">
      <FormLayout>
        <FormLayout.Group>
          <WholeField program={program} name="limits.maxRewardsPerAdvocatePerMonth" label="Rewards per advocate per month" helpText="Leave empty for no limit." />
          <MoneyField program={program} name="limits.monthlyBudgetMinor" label="Monthly budget for the shop" helpText="Leave empty for no limit." />
        </FormLayout.Group>
        <ChoiceList title="When a limit is reached" choices={CHOICES.onLimit} selected={[program.value("limits.onLimit")]} onChange={([choice]) => program.set("limits.onLimit")(choice)} />
      </FormLayout>
    </SectionCard>
  );
}
