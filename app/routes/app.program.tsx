// The program editor (/app/program): the cards live in components/program/, the form state,
// the save bar and the save request in its one hook (use-program-form.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, InlineGrid, Page } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { ProgramPreview } from "../components/program-preview";
import { AdvocateRewardCard } from "../components/program/advocate-reward-card";
import { FriendRewardCard } from "../components/program/friend-reward-card";
import { HistoryCard } from "../components/program/history-card";
import { LimitsCard } from "../components/program/limits-card";
import { MilestonesCard } from "../components/program/milestones-card";
import { NoteCard } from "../components/program/note-card";
import { ProgramBanners } from "../components/program/program-banners";
import { ProgramSaveBar } from "../components/program/save-bar";
import { ShopperTextsCard } from "../components/program/shopper-texts-card";
import { StatusCard } from "../components/program/status-card";
import { TermsBanner } from "../components/program/terms-banner";
import { useProgramForm } from "../components/program/use-program-form";
import prisma from "../db.server";
import { actionError, invalidFields } from "../lib/action-error";
import type { ProgramForm } from "../program/program-form";
import { storeCreditReadiness } from "../program/program-text";
import { loadProgramEditor, saveProgramForm, setProgramStatus } from "../program/program.server";
import { staffActor } from "../review/staff-actor";
import { fromRemixAdmin } from "../shopify/admin-graphql";
import { fetchShopProfile } from "../shopify/shop-profile.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session, redirect } = await authenticate.admin(request);
  const editor = await loadProgramEditor(prisma, session.shop, () => fetchShopProfile(fromRemixAdmin(admin)));
  // First visit: the one-screen introduction with the default program.
  if (editor.version === null && !new URL(request.url).searchParams.has("new")) throw redirect("/app/onboarding");
  return { ...editor, readiness: storeCreditReadiness(editor.canSpendStoreCredit) };
};

const commandSchema = z.object({
  intent: z.enum(["save", "activate", "pause"], { message: "Unknown action" }),
  note: z.string().max(200, "Keep the note under 200 characters").optional(),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const auth = await authenticate.admin(request);
  const shop = auth.session.shop;
  const body = (request.headers.get("Content-Type") ?? "").includes("application/json")
    ? z.record(z.string(), z.unknown()).catch({}).parse(await request.json().catch(() => ({})))
    : Object.fromEntries(await request.formData());
  const fields: ProgramForm = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === "string" ? v : String(v ?? "")]));
  const command = commandSchema.safeParse(fields);
  if (!command.success) return actionError(422, command.error.issues[0].message, { ok: false });
  const { intent, note } = command.data;

  if (intent === "save") {
    const result = await saveProgramForm(prisma, { shop, form: fields, actor: staffActor(auth), note });
    if (!result.ok) return invalidFields(result.fieldErrors, undefined, { ok: false });
    return { ok: true as const, intent, version: result.version.version };
  }
  const result = await setProgramStatus(prisma, shop, intent === "activate" ? "active" : "paused", staffActor(auth));
  if (!result.ok) return actionError(422, result.error, { ok: false });
  return { ok: true as const, intent, status: result.status };
};

export default function ProgramEditor() {
  const editor = useLoaderData<typeof loader>();
  const program = useProgramForm(editor);
  // The language the shopper texts are edited in ("" = the primary texts); the preview follows it.
  const [textLang, setTextLang] = useState("");
  const active = editor.status === "active";

  return (
    <Page
      title="Referral program"
      titleMetadata={program.isNew ? <Badge tone="info">Not saved</Badge> : <Badge tone={active ? "success" : "attention"}>{active ? "On" : "Paused"}</Badge>}
      subtitle={program.isNew ? "Review the settings and save to create your program." : `Version ${editor.version} is in force for new referrals.`}
      primaryAction={{ content: "Save", onAction: program.save, loading: program.saving, disabled: !program.dirty && !program.isNew }}
    >
      <TitleBar title="Referral program" />
      <ProgramSaveBar program={program} />
      <BlockStack gap="500">
        <ProgramBanners program={program} readiness={editor.readiness} canSpendStoreCredit={editor.canSpendStoreCredit} />
        {/* A grid, not Layout: Layout's flex row sizes the first column from its sibling, and the
            browser paints the streamed HTML before the preview column has arrived, so the cards
            narrowed and moved about a second after load (CLS 0.24). The grid's columns are fixed. */}
        <InlineGrid columns={{ xs: 1, md: ["twoThirds", "oneThird"] }} gap="400" alignItems="start">
          <BlockStack gap="400">
            <StatusCard isNew={program.isNew} active={active} />
            <FriendRewardCard program={program} />
            <AdvocateRewardCard program={program} />
            <LimitsCard program={program} />
            <MilestonesCard program={program} />
            <ShopperTextsCard program={program} lang={textLang} onLangChange={setTextLang} />
            <NoteCard program={program} />
            {program.serverErrors.currency && <Banner tone="critical">{program.serverErrors.currency}</Banner>}
          </BlockStack>
          <BlockStack gap="400">
            <TermsBanner program={program} />
            <ProgramPreview config={program.preview} stale={program.stale} shopName={editor.shopName} locale={textLang || undefined} />
            <HistoryCard history={editor.history} />
          </BlockStack>
        </InlineGrid>
      </BlockStack>
    </Page>
  );
}
