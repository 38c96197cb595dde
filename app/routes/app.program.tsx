import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  ChoiceList,
  FormLayout,
  InlineGrid,
  InlineError,
  InlineStack,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { z } from "zod";
import { ProgramPreview } from "../components/program-preview";
import { SUPPORTED_LOCALES } from "../lib/i18n/locales";
import prisma from "../db.server";
import { validateProgramForm, type FieldErrors, type ProgramForm } from "../program/program-form";
import { defaultTerms, storeCreditReadiness } from "../program/program-text";
import { loadProgramEditor, saveProgramForm, setProgramStatus } from "../program/program.server";
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
  const { session, sessionToken } = await authenticate.admin(request);
  const actor = `staff:${sessionToken?.sub ?? session.id}`;
  const body = (request.headers.get("Content-Type") ?? "").includes("application/json")
    ? z.record(z.string(), z.unknown()).catch({}).parse(await request.json().catch(() => ({})))
    : Object.fromEntries(await request.formData());
  const fields: ProgramForm = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === "string" ? v : String(v ?? "")]));
  const command = commandSchema.safeParse(fields);
  if (!command.success) return data({ ok: false as const, fieldErrors: { form: command.error.issues[0].message } as FieldErrors }, { status: 422 });

  if (command.data.intent === "save") {
    const result = await saveProgramForm(prisma, { shop: session.shop, form: fields, actor, note: command.data.note });
    if (!result.ok) return data({ ok: false as const, fieldErrors: result.fieldErrors }, { status: 422 });
    return { ok: true as const, intent: "save" as const, version: result.version.version };
  }
  const result = await setProgramStatus(prisma, session.shop, command.data.intent === "activate" ? "active" : "paused", actor);
  if (!result.ok) return data({ ok: false as const, fieldErrors: { form: result.error } as FieldErrors }, { status: 422 });
  return { ok: true as const, intent: command.data.intent, status: result.status };
};

type ActionResult = { ok: false; fieldErrors: FieldErrors } | { ok: true; intent: "save"; version: number } | { ok: true; intent: "activate" | "pause"; status: string };

const SAVE_BAR_ID = "program-save-bar";

export default function ProgramEditor() {
  const editor = useLoaderData<typeof loader>();
  const shopify = useAppBridge();
  const saver = useFetcher<ActionResult>();
  const toggler = useFetcher<ActionResult>();
  const [form, setForm] = useState<ProgramForm>(editor.form);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [note, setNote] = useState("");
  const isNew = editor.version === null;
  const dirty = useMemo(() => JSON.stringify(form) !== JSON.stringify(editor.form), [form, editor.form]);

  // A saved version comes back through the loader: start again from it.
  useEffect(() => setForm(editor.form), [editor.form]);

  // The same check the server runs, live: errors show for fields the merchant has touched.
  const checked = useMemo(() => validateProgramForm(form, editor.currency), [form, editor.currency]);
  // While a field is invalid the preview keeps the last valid settings (marked as such) instead
  // of collapsing: a collapsing column moved everything under it as the merchant typed.
  const lastValid = useRef(checked.config);
  if (checked.config) lastValid.current = checked.config;
  const preview = lastValid.current;
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const errorFor = (name: string) => errors[name] ?? (touched.has(name) ? checked.fieldErrors[name] : undefined);

  // Terms the merchant never edited follow the settings, so they never state stale rewards;
  // once edited by hand they are left alone (the "Rewrite terms" button regenerates them).
  const generatedTerms = useRef<string | null>(null);
  useEffect(() => {
    const saved = validateProgramForm(editor.form, editor.currency).config;
    generatedTerms.current = saved && saved.terms === defaultTerms(saved) ? saved.terms : null;
  }, [editor.form, editor.currency]);
  useEffect(() => {
    if (!preview || generatedTerms.current === null || form.terms !== generatedTerms.current) return;
    const terms = defaultTerms(preview);
    generatedTerms.current = terms;
    if (terms !== form.terms) setForm((f) => ({ ...f, terms }));
  }, [preview, form.terms]);

  useEffect(() => {
    if (dirty) void shopify.saveBar.show(SAVE_BAR_ID);
    else void shopify.saveBar.hide(SAVE_BAR_ID);
  }, [dirty, shopify]);
  useEffect(() => () => void shopify.saveBar.hide(SAVE_BAR_ID), [shopify]);

  useEffect(() => {
    const result = saver.data;
    if (saver.state !== "idle" || !result) return;
    if (result.ok && result.intent === "save") {
      setErrors({});
      setTouched(new Set());
      setNote("");
      shopify.toast.show(`Program saved as version ${result.version}`);
    } else if (!result.ok) {
      setErrors(result.fieldErrors);
      shopify.toast.show(result.fieldErrors.form ?? "Check the highlighted fields", { isError: true });
    }
  }, [saver.state, saver.data, shopify]);

  useEffect(() => {
    const result = toggler.data;
    if (toggler.state !== "idle" || !result) return;
    if (result.ok && result.intent !== "save") shopify.toast.show(result.intent === "activate" ? "Program is on" : "Program is paused");
    else if (!result.ok) shopify.toast.show(result.fieldErrors.form ?? "Could not change the program", { isError: true });
  }, [toggler.state, toggler.data, shopify]);

  const set = useCallback((name: string) => (value: string) => {
    setForm((f) => ({ ...f, [name]: value }));
    setTouched((t) => (t.has(name) ? t : new Set(t).add(name)));
    setErrors((e) => {
      if (!(name in e)) return e;
      const rest = { ...e };
      delete rest[name];
      return rest;
    });
  }, []);
  const setBool = (name: string) => (value: boolean) => set(name)(String(value));
  const save = () => saver.submit({ ...form, intent: "save", note }, { method: "post" });
  const discard = () => {
    setForm(editor.form);
    setErrors({});
    setTouched(new Set());
  };


  // The language the shopper texts are edited in ("" = the primary texts).
  const [textLang, setTextLang] = useState("");
  const field = (name: string, label: string, extra: Partial<Parameters<typeof TextField>[0]> = {}) => (
    <TextField label={label} name={name} value={form[name] ?? ""} onChange={set(name)} error={errorFor(name)} autoComplete="off" {...extra} />
  );
  const money = (name: string, label: string, helpText?: string) => field(name, label, { type: "text", inputMode: "decimal", suffix: editor.currency, helpText });
  const whole = (name: string, label: string, helpText?: string) => field(name, label, { type: "number", min: 0, helpText });

  const milestones = milestoneRows(form);
  const setMilestones = (rows: Array<{ referrals: string; bonusMinor: string }>) => {
    setForm((f) => {
      const next = Object.fromEntries(Object.entries(f).filter(([k]) => !k.startsWith("milestones.")));
      rows.forEach((r, i) => {
        next[`milestones.${i}.referrals`] = r.referrals;
        next[`milestones.${i}.bonusMinor`] = r.bonusMinor;
      });
      return next;
    });
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith("milestones"))));
  };

  const friendType = form["friendReward.type"];
  const advocateType = form["advocateReward.type"];
  const active = editor.status === "active";

  return (
    <Page
      title="Referral program"
      titleMetadata={isNew ? <Badge tone="info">Not saved</Badge> : <Badge tone={active ? "success" : "attention"}>{active ? "On" : "Paused"}</Badge>}
      subtitle={isNew ? "Review the settings and save to create your program." : `Version ${editor.version} is in force for new referrals.`}
      primaryAction={{ content: "Save", onAction: save, loading: saver.state !== "idle", disabled: !dirty && !isNew }}
    >
      <TitleBar title="Referral program" />
      {/* App Bridge renders the bar in the admin; the element only declares its buttons. */}
      <div hidden>
        <ui-save-bar id={SAVE_BAR_ID}>
          <button variant="primary" onClick={save} disabled={saver.state !== "idle"}></button>
          <button onClick={discard}></button>
        </ui-save-bar>
      </div>
      <BlockStack gap="500">
        {errors.form && <Banner tone="critical">{errors.form}</Banner>}
        <Banner tone={editor.canSpendStoreCredit === false && form["advocateReward.kind"] === "store_credit" ? "critical" : editor.readiness.tone} title={editor.readiness.title}>
          {editor.readiness.message}
          {editor.canSpendStoreCredit === false && form["advocateReward.kind"] === "store_credit" && " You chose store credit: your advocates will not be able to use it."}
        </Banner>
        {Object.keys(errors).length > 0 && !errors.form && (
          <Banner tone="critical" title="The program was not saved">
            Fix the fields marked in red, then save again.
          </Banner>
        )}
        {/* A grid, not Layout: Layout's flex row sizes the first column from its sibling, and the
            browser paints the streamed HTML before the preview column has arrived, so the cards
            narrowed and moved about a second after load (CLS 0.24). The grid's columns are fixed. */}
        <InlineGrid columns={{ xs: 1, md: ["twoThirds", "oneThird"] }} gap="400" alignItems="start">
          <BlockStack gap="400">
            <Card>
              <InlineStack align="space-between" blockAlign="center" gap="300">
                <BlockStack gap="100">
                  <Text as="h2" variant="headingMd">
                    Program is {isNew ? "not set up" : active ? "on" : "paused"}
                  </Text>
                  <Text as="p" tone="subdued">
                    {active
                      ? "Customers can share their link and friends get the offer."
                      : "Nothing is shown to customers and no rewards are created until you turn it on."}
                  </Text>
                </BlockStack>
                <toggler.Form method="post">
                  <input type="hidden" name="intent" value={active ? "pause" : "activate"} />
                  <Button submit variant={active ? "secondary" : "primary"} disabled={isNew} loading={toggler.state !== "idle"}>
                    {active ? "Pause program" : "Turn program on"}
                  </Button>
                </toggler.Form>
              </InlineStack>
            </Card>

            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Friend&apos;s reward
                </Text>
                <FormLayout>
                  <Select
                    label="Reward"
                    name="friendReward.type"
                    options={[
                      { label: "Percentage off", value: "percentage" },
                      { label: "Fixed amount off", value: "fixed_amount" },
                      { label: "Free shipping", value: "free_shipping" },
                    ]}
                    value={friendType}
                    onChange={set("friendReward.type")}
                    error={errorFor("friendReward.type")}
                  />
                  {friendType === "percentage" && field("friendReward.percent", "Discount", { type: "number", suffix: "%", min: 1, max: 100 })}
                  {friendType === "fixed_amount" && money("friendReward.amountMinor", "Discount amount")}
                  <FormLayout.Group>
                    {money("friendReward.minimumSubtotalMinor", "Minimum order subtotal", "Leave empty for no minimum.")}
                    {whole("friendReward.codeExpiryDays", "Code valid for (days)", "Leave empty for a code that never expires.")}
                  </FormLayout.Group>
                  <BlockStack gap="100">
                    <Text as="p">Combines with</Text>
                    <Checkbox label="Order discounts" checked={form["friendReward.combinesWith.orderDiscounts"] === "true"} onChange={setBool("friendReward.combinesWith.orderDiscounts")} />
                    <Checkbox label="Product discounts" checked={form["friendReward.combinesWith.productDiscounts"] === "true"} onChange={setBool("friendReward.combinesWith.productDiscounts")} />
                    <Checkbox label="Shipping discounts" checked={form["friendReward.combinesWith.shippingDiscounts"] === "true"} onChange={setBool("friendReward.combinesWith.shippingDiscounts")} />
                  </BlockStack>
                  <ChoiceList
                    title="When the friend gets the code"
                    choices={[
                      { label: "Instantly, when they claim the offer with their email", value: "instant" },
                      { label: "After their first order, for their next order", value: "after_first_order" },
                    ]}
                    selected={[form["friendReward.issueMode"]]}
                    onChange={([v]) => set("friendReward.issueMode")(v)}
                    error={errorFor("friendReward.issueMode")}
                  />
                </FormLayout>
              </BlockStack>
            </Card>

            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Advocate&apos;s reward
                </Text>
                <FormLayout>
                  <FormLayout.Group>
                    <Select
                      label="Paid as"
                      name="advocateReward.kind"
                      options={[
                        { label: "Store credit", value: "store_credit" },
                        { label: "Discount code", value: "discount_code" },
                      ]}
                      value={form["advocateReward.kind"]}
                      onChange={set("advocateReward.kind")}
                      helpText="Store credit can only be spent by customers who log in with new customer accounts."
                      error={errorFor("advocateReward.kind")}
                    />
                    <Select
                      label="Amount"
                      name="advocateReward.type"
                      options={[
                        { label: "Fixed amount", value: "fixed_amount" },
                        { label: "Percentage of the friend's order", value: "percentage" },
                      ]}
                      value={advocateType}
                      onChange={set("advocateReward.type")}
                      error={errorFor("advocateReward.type")}
                    />
                  </FormLayout.Group>
                  {advocateType === "fixed_amount" ? (
                    money("advocateReward.amountMinor", "Reward amount")
                  ) : (
                    <FormLayout.Group>
                      {field("advocateReward.percent", "Percentage of the friend's order", { type: "number", suffix: "%", min: 1, max: 100 })}
                      {money("advocateReward.capMinor", "Up to (cap)", "The most one referral can earn.")}
                    </FormLayout.Group>
                  )}
                  <FormLayout.Group>
                    {whole("advocateReward.holdDays", "Hold period (days)", "Rewards wait this long after the friend's order is paid, to cover your return window.")}
                    {whole("advocateReward.creditExpiryDays", "Credit valid for (days)", "Leave empty for no expiry.")}
                  </FormLayout.Group>
                  <Checkbox
                    label="Reward only the friend's first order"
                    checked={form["advocateReward.firstOrderOnly"] === "true"}
                    onChange={setBool("advocateReward.firstOrderOnly")}
                  />
                  {money("advocateReward.minimumOrderMinor", "Minimum qualifying order", "Leave empty for no minimum.")}
                  <Checkbox
                    label="Pay guest advocates on a customer account"
                    helpText="An advocate who shared without logging in is paid on the customer account with their email, created if there is none (the terms say so). Off: their rewards wait in Failed rewards for you."
                    checked={form["advocateReward.createGuestCustomers"] !== "false"}
                    onChange={setBool("advocateReward.createGuestCustomers")}
                  />
                  <Checkbox
                    label="Deduct owed amounts from the advocate's next rewards"
                    helpText="When a friend's order is refunded after the advocate already used their reward (a spent code or credit), the value is owed. On: it is taken off the advocate's next rewards, once (the terms say so). Off: it stays owed until staff forgive it on the Advocates page."
                    checked={form["advocateReward.recoverOwed"] !== "false"}
                    onChange={setBool("advocateReward.recoverOwed")}
                  />
                </FormLayout>
              </BlockStack>
            </Card>

            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Limits
                </Text>
                <FormLayout>
                  <FormLayout.Group>
                    {whole("limits.maxRewardsPerAdvocatePerMonth", "Rewards per advocate per month", "Leave empty for no limit.")}
                    {money("limits.monthlyBudgetMinor", "Monthly budget for the shop", "Leave empty for no limit.")}
                  </FormLayout.Group>
                  <ChoiceList
                    title="When a limit is reached"
                    choices={[
                      { label: "Hold the reward for your review", value: "hold_for_review", helpText: "You approve or reject it in Review." },
                      { label: "Skip the reward", value: "skip", helpText: "The advocate earns nothing for that referral." },
                    ]}
                    selected={[form["limits.onLimit"]]}
                    onChange={([v]) => set("limits.onLimit")(v)}
                  />
                </FormLayout>
              </BlockStack>
            </Card>

            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Milestone bonuses
                </Text>
                <Text as="p" tone="subdued">
                  Extra credit for your champions when they reach a number of successful referrals.
                </Text>
                {milestones.map((m, i) => (
                  <InlineStack key={i} gap="300" blockAlign="end" wrap={false}>
                    <Box minWidth="160px">{whole(`milestones.${i}.referrals`, "Referrals")}</Box>
                    <Box minWidth="200px">{money(`milestones.${i}.bonusMinor`, "Bonus")}</Box>
                    <Button variant="plain" tone="critical" onClick={() => setMilestones(milestones.filter((_, j) => j !== i))}>
                      Remove
                    </Button>
                  </InlineStack>
                ))}
                {errorFor("milestones") && <InlineError message={errorFor("milestones")!} fieldID="milestones" />}
                {milestones.length < 10 && (
                  <InlineStack>
                    <Button onClick={() => setMilestones([...milestones, { referrals: "", bonusMinor: "" }])}>Add milestone</Button>
                  </InlineStack>
                )}
              </BlockStack>
            </Card>

            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  What shoppers read
                </Text>
                <FormLayout>
                  <Select
                    label="Language"
                    options={[{ value: "", label: "Primary language" }, ...SUPPORTED_LOCALES.map((l) => ({ value: l, label: `${new Intl.DisplayNames([l], { type: "language" }).of(l) ?? l} (${l})` }))]}
                    value={textLang}
                    onChange={setTextLang}
                    helpText="Give the share message and terms in other languages; shoppers in a language without its own text read the primary one."
                  />
                  {textLang ? (
                    <>
                      {field(`translations.${textLang}.shareMessage`, `Share message (${textLang})`, {
                        multiline: 3,
                        helpText: "Empty: the primary share message. Placeholders: {{friend_offer}}, {{link}} (required), {{shop_name}}.",
                      })}
                      {field(`translations.${textLang}.terms`, `Program terms (${textLang})`, { multiline: 8, helpText: "Empty: the primary terms." })}
                    </>
                  ) : (
                    <>
                      {field("shareMessage", "Share message", {
                        multiline: 3,
                        helpText: "Placeholders: {{friend_offer}}, {{link}} (required), {{shop_name}}.",
                      })}
                      {field("terms", "Program terms", { multiline: 8 })}
                    </>
                  )}
                  <InlineStack>
                    <Button
                      disabled={!preview}
                      onClick={() => {
                        if (!preview) return;
                        generatedTerms.current = defaultTerms(preview);
                        set("terms")(generatedTerms.current);
                      }}
                    >
                      Rewrite terms from these settings
                    </Button>
                  </InlineStack>
                </FormLayout>
              </BlockStack>
            </Card>

            <Card>
              <FormLayout>{<TextField label="Note for the history (optional)" value={note} onChange={setNote} autoComplete="off" placeholder="e.g. Summer promotion" />}</FormLayout>
            </Card>
            {errors.currency && <Banner tone="critical">{errors.currency}</Banner>}
          </BlockStack>

          <BlockStack gap="400">
            <ProgramPreview config={preview} stale={!checked.config} shopName={editor.shopName} locale={textLang || undefined} />
            <History history={editor.history} />
          </BlockStack>
        </InlineGrid>
      </BlockStack>
    </Page>
  );
}

function milestoneRows(form: ProgramForm): Array<{ referrals: string; bonusMinor: string }> {
  const rows: Array<{ referrals: string; bonusMinor: string }> = [];
  for (let i = 0; `milestones.${i}.referrals` in form || `milestones.${i}.bonusMinor` in form; i++) {
    rows.push({ referrals: form[`milestones.${i}.referrals`] ?? "", bonusMinor: form[`milestones.${i}.bonusMinor`] ?? "" });
  }
  return rows;
}

function who(createdBy: string | null): string {
  if (!createdBy) return "Twofold";
  const staff = /^staff:(.+)$/.exec(createdBy);
  return staff ? `staff member ${staff[1]}` : createdBy;
}

function History({ history }: { history: ReturnType<typeof useLoaderData<typeof loader>>["history"] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          History
        </Text>
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
                  {`Saved by ${who(v.createdBy)} on ${new Date(v.createdAt).toLocaleString("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC`}
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
      </BlockStack>
    </Card>
  );
}
