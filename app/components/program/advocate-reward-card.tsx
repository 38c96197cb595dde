// What the advocate earns for each referral, how and when it is paid, and the hold that covers
// the return window.
import { Checkbox, FormLayout } from "@shopify/polaris";
import { SectionCard } from "../section-card";
import { CHOICES } from "./choices";
import { MoneyField, PercentField, ProgramSelect, WholeField } from "./fields";
import type { ProgramFormApi } from "./use-program-form";

export function AdvocateRewardCard({ program }: { program: ProgramFormApi }) {
  const type = program.value("advocateReward.type");
  return (
    <SectionCard title="Advocate's reward">
      <FormLayout>
        <FormLayout.Group>
          <ProgramSelect
            program={program}
            name="advocateReward.kind"
            label="Paid as"
            options={CHOICES.paidAs}
            helpText="Store credit can only be spent by customers who log in with new customer accounts."
          />
          <ProgramSelect program={program} name="advocateReward.type" label="Amount" options={CHOICES.advocateAmount} />
        </FormLayout.Group>
        {type === "fixed_amount" ? (
          <MoneyField program={program} name="advocateReward.amountMinor" label="Reward amount" />
        ) : (
          <FormLayout.Group>
            <PercentField program={program} name="advocateReward.percent" label="Percentage of the friend's order" />
            <MoneyField program={program} name="advocateReward.capMinor" label="Up to (cap)" helpText="The most one referral can earn." />
          </FormLayout.Group>
        )}
        <FormLayout.Group>
          <WholeField program={program} name="advocateReward.holdDays" label="Hold period (days)" helpText="Rewards wait this long after the friend's order is paid, to cover your return window." />
          <WholeField program={program} name="advocateReward.creditExpiryDays" label="Credit valid for (days)" helpText="Leave empty for no expiry." />
        </FormLayout.Group>
        <Checkbox label="Reward only the friend's first order" {...program.flag("advocateReward.firstOrderOnly")} />
        <MoneyField program={program} name="advocateReward.minimumOrderMinor" label="Minimum qualifying order" helpText="Leave empty for no minimum." />
        <Checkbox
          label="Pay guest advocates on a customer account"
          helpText="An advocate who shared without logging in is paid on the customer account with their email, created if there is none (the terms say so). Off: their rewards wait in Failed rewards for you."
          {...program.flag("advocateReward.createGuestCustomers", true)}
        />
        <Checkbox
          label="Deduct owed amounts from the advocate's next rewards"
          helpText="When a friend's order is refunded after the advocate already used their reward (a spent code or credit), the value is owed. On: it is taken off the advocate's next rewards, once (the terms say so). Off: it stays owed until staff forgive it on the Advocates page."
          {...program.flag("advocateReward.recoverOwed", true)}
        />
      </FormLayout>
    </SectionCard>
  );
}
