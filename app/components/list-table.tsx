// A read-only list as the admin pages show it: Polaris' IndexTable without row selection, one
// row per item with its cells in the headings' order, or an empty state when there is no item.
import type { ReactNode } from "react";
import { EmptyState, IndexTable, type IndexTableProps } from "@shopify/polaris";

export interface ListTableProps<T extends { id: string }> {
  resourceName: { singular: string; plural: string };
  headings: [string, ...string[]];
  items: T[];
  cells: (item: T) => ReactNode[];
  /** Shown instead of the table when `items` is empty (nothing at all when omitted). */
  empty?: { heading: string; children: ReactNode };
}

export function ListTable<T extends { id: string }>({ resourceName, headings, items, cells, empty }: ListTableProps<T>) {
  if (items.length === 0) {
    return empty ? (
      <EmptyState heading={empty.heading} image="">
        {empty.children}
      </EmptyState>
    ) : null;
  }
  return (
    <IndexTable resourceName={resourceName} itemCount={items.length} selectable={false} headings={headings.map((title) => ({ title })) as IndexTableProps["headings"]}>
      {items.map((item, index) => (
        <IndexTable.Row id={item.id} key={item.id} position={index}>
          {cells(item).map((cell, i) => (
            <IndexTable.Cell key={i}>{cell}</IndexTable.Cell>
          ))}
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}

/**
 * Text in a table cell that wraps (Polaris table cells do not), so the columns after a sentence
 * stay on screen; `anywhere` also breaks long ids and addresses.
 */
export function WrapText({ children, minWidth, anywhere = true }: { children: ReactNode; minWidth?: number | string; anywhere?: boolean }) {
  return <div style={{ whiteSpace: "normal", ...(anywhere ? { overflowWrap: "anywhere" as const } : {}), ...(minWidth != null ? { minWidth } : {}) }}>{children}</div>;
}
