// The banners above the program's cards: what refused the last save, and whether advocates can
// spend store credit in this shop.
import { Banner } from "@shopify/polaris";
import type { StoreCreditReadiness } from "../../program/program-text";
import type { ProgramFormApi } from "./use-program-form";

export function ProgramBanners({ program, readiness, canSpendStoreCredit }: { program: ProgramFormApi; readiness: StoreCreditReadiness; canSpendStoreCredit: boolean | null }) {
  const errors = program.serverErrors;
  const creditUnusable = canSpendStoreCredit === false && program.value("advocateReward.kind") === "store_credit";
  return (
    <>
      {errors.form && <Banner tone="critical">{errors.form}</Banner>}
      <Banner tone={creditUnusable ? "critical" : readiness.tone} title={readiness.title}>
        {readiness.message}
        {creditUnusable && " You chose store credit: your advocates will not be able to use it."}
      </Banner>
      {Object.keys(errors).length > 0 && !errors.form && (
        <Banner tone="critical" title="The program was not saved">
          Fix the fields marked in red, then save again.
        </Banner>
      )}
    </>
  );
}
