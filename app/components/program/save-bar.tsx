// App Bridge's contextual save bar: the admin draws it; the element only declares its buttons.
// The form hook shows it while the form has unsaved edits.
import type { ProgramFormApi } from "./use-program-form";
import { PROGRAM_SAVE_BAR_ID } from "./use-program-form";

export function ProgramSaveBar({ program }: { program: ProgramFormApi }) {
  return (
    <div hidden>
      <ui-save-bar id={PROGRAM_SAVE_BAR_ID}>
        <button variant="primary" onClick={program.save} disabled={program.saving}></button>
        <button onClick={program.discard}></button>
      </ui-save-bar>
    </div>
  );
}
