// The program's versions, newest first: who saved each, when, their note and what changed.
import { Badge, BlockStack, InlineStack, Text } from "@shopify/polaris";
import { actorName } from "../../lib/actor-words";
import { dateTimeText } from "../../lib/date-text";
import { SectionCard } from "../section-card";

export interface HistoryEntry {
  id: string;
  version: number;
  current: boolean;
  createdBy: string | null;
  createdAt: string;
  note: string | null;
  changes: string[];
}

function who(createdBy: string | null): string {
  return actorName(createdBy) ?? "Twofold";
}

export function HistoryCard({ history }: { history: HistoryEntry[] }) {
  return (
    <SectionCard title="History">
      {history.length === 0 && (
        <Text as="p" tone="subdued">
          Each save creates a new version here. Referrals keep the version that was in force when they were made.
        </Text>
      )}
      <ol style={{ margin: 0, paddingLeft: 0, listStyle: "none" }} data-testid="program-history">
        {history.map((v) => (
          <li key={v.id} data-version={v.version} style={{ marginBottom: 12 }}>
            <BlockStack gap="100">
              <InlineStack gap="200" blockAlign="center">
                <Text as="span" fontWeight="semibold">{`Version ${v.version}`}</Text>
                {v.current && <Badge tone="success">In force</Badge>}
              </InlineStack>
              <Text as="p" tone="subdued" variant="bodySm">
                {`Saved by ${who(v.createdBy)} on ${dateTimeText(v.createdAt)}`}
                {v.note ? ` — ${v.note}` : ""}
              </Text>
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {v.changes.map((c, i) => (
                  <li key={i}>
                    <Text as="span" variant="bodySm">
                      {c}
                    </Text>
                  </li>
                ))}
              </ul>
            </BlockStack>
          </li>
        ))}
      </ol>
    </SectionCard>
  );
}
