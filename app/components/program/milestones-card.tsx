// Milestone bonuses: up to ten rows of "after N successful referrals, a bonus of X".
import { Box, Button, InlineError, InlineStack } from "@shopify/polaris";
import { SectionCard } from "../section-card";
import { MoneyField, WholeField } from "./fields";
import type { ProgramFormApi } from "./use-program-form";

const MAX_ROWS = 10;

export function MilestonesCard({ program }: { program: ProgramFormApi }) {
  const rows = program.milestones;
  const error = program.errorFor("milestones");
  return (
    <SectionCard title="Milestone bonuses" description="Extra credit for your champions when they reach a number of successful referrals.">
      {rows.map((_, i) => (
        <InlineStack key={i} gap="300" blockAlign="end" wrap={false}>
          <Box minWidth="160px">
            <WholeField program={program} name={`milestones.${i}.referrals`} label="Referrals" />
          </Box>
          <Box minWidth="200px">
            <MoneyField program={program} name={`milestones.${i}.bonusMinor`} label="Bonus" />
          </Box>
          <Button variant="plain" tone="critical" onClick={() => program.setMilestones(rows.filter((_, j) => j !== i))}>
            Remove
          </Button>
        </InlineStack>
      ))}
      {error && <InlineError message={error} fieldID="milestones" />}
      {rows.length < MAX_ROWS && (
        <InlineStack>
          <Button onClick={() => program.setMilestones([...rows, { referrals: "", bonusMinor: "" }])}>Add milestone</Button>
        </InlineStack>
      )}
    </SectionCard>
  );
}
