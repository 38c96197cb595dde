// The program editor's inputs, bound to the form hook by field name (the config path).
import { Select, TextField, type SelectProps, type TextFieldProps } from "@shopify/polaris";
import type { ProgramFormApi } from "./use-program-form";

type Bound = { program: ProgramFormApi; name: string; label: string; helpText?: string };

export function ProgramTextField({ program, name, ...props }: Bound & Pick<TextFieldProps, "type" | "inputMode" | "suffix" | "min" | "max" | "multiline">) {
  return <TextField name={name} value={program.value(name)} onChange={program.set(name)} error={program.errorFor(name)} autoComplete="off" {...props} />;
}

/** An amount in the shop's currency, typed as a decimal ("12.50"). */
export function MoneyField(props: Bound) {
  return <ProgramTextField {...props} type="text" inputMode="decimal" suffix={props.program.currency} />;
}

/** A whole number of days, referrals or rewards. */
export function WholeField(props: Bound) {
  return <ProgramTextField {...props} type="number" min={0} />;
}

/** A percentage from 1 to 100. */
export function PercentField(props: Bound) {
  return <ProgramTextField {...props} type="number" suffix="%" min={1} max={100} />;
}

/** One of the program's choices, as a select. */
export function ProgramSelect({ program, name, ...props }: Bound & { options: NonNullable<SelectProps["options"]> }) {
  return <Select name={name} value={program.value(name)} onChange={program.set(name)} error={program.errorFor(name)} {...props} />;
}
