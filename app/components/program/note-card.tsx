// The note saved with the next version, shown in the history.
import { Card, FormLayout, TextField } from "@shopify/polaris";
import type { ProgramFormApi } from "./use-program-form";

export function NoteCard({ program }: { program: ProgramFormApi }) {
  return (
    <Card>
      <FormLayout>
        <TextField label="Note for the history (optional)" value={program.note} onChange={program.setNote} autoComplete="off" placeholder="e.g. Summer promotion" />
      </FormLayout>
    </Card>
  );
}
