// Journey 2: a guest advocate (an email, no account) gets a link; a friend orders through it.
// When the hold ends the app finds the guest's Shopify customer by email, or creates one (the
// program's terms say so), pays the store credit there and emails the advocate.
import { describe, expect, it } from "vitest";
import { adminRequest } from "../program/admin-http";
import { useJourney } from "./journey";

type AdvocateList = { rows: { code: string; email: string | null; referrals: number; rewarded: number }[] };


describe("journey: guest advocate is paid and told", () => {
  const j = useJourney();

  it("guest link → friend order → hold → a customer for the guest, credit, email", async () => {
    await j.setUpProgram();
    const terms = (await j.stack.db.prisma.programVersion.findFirstOrThrow({ orderBy: { version: "desc" } })).config as { terms: string };
    expect(terms.terms).toMatch(/account .*created/i);

    const gus = await j.shopper("gus");
    const { link } = await gus.getLink("gus.guest@example.com");
    const cy = await j.shopper("cy");
    await cy.page.goto(link);
    await cy.addToCart("demo");
    expect(await cy.checkout({ email: "cy@example.com" })).toHaveProperty("orderId");
    await j.settle();
    expect((await j.sandboxState()).customers.some((c) => c.email === "gus.guest@example.com")).toBe(false);

    await j.advanceClock("15d");
    const sandbox = await j.sandboxState();
    const gusCustomer = sandbox.customers.find((c) => c.email === "gus.guest@example.com");
    expect(gusCustomer).toBeDefined();
    expect(sandbox.storeCreditAccounts.find((a) => a.customerId === gusCustomer!.id)?.balance).toBe("10.00");
    const advocate = await j.stack.db.prisma.advocate.findFirstOrThrow({ where: { email: "gus.guest@example.com" } });
    expect(advocate.customerGid).toBe(gusCustomer!.id);
    expect(await j.stack.db.prisma.reward.findFirstOrThrow({ where: { recipient: "advocate" } })).toMatchObject({ status: "issued", customerGid: gusCustomer!.id });
    expect(j.emailsTo("gus.guest@example.com").map((m) => m.subject)).toEqual([expect.stringMatching(/^You earned \$10\.00 at /)]);
    // Staff see Gus rewarded once (a reward that reached him, not one waiting or failed).
    const list = await adminRequest<AdvocateList>(j.stack.app.url, { shop: j.stack.shop, path: "/app/advocates", route: "routes/app.advocates" });
    expect(list.data!.rows.find((r) => r.email === "gus.guest@example.com")).toMatchObject({ referrals: 1, rewarded: 1 });

    // Gus later logs in with that email and asks for his link: the same advocate, same code.
    await gus.logIn("gus.guest@example.com");
    const again = await gus.getLink();
    expect(again.code).toBe(/(?:\/r\/|ref=)([A-Za-z0-9_-]+)/.exec(link)![1]);
    expect(await j.stack.db.prisma.advocate.count({ where: { email: "gus.guest@example.com" } })).toBe(1);
    expect([...gus.errors, ...cy.errors]).toEqual([]);
  });

  it("a customer who already has a link and asks again as a guest: the guest row joins theirs, both codes stay theirs", async () => {
    // Hal buys logged in; the thank-you page's "share and earn" block gives him his link (a row
    // by customer id). Later, logged out, he asks for a link as a guest with the same email.
    const hal = await j.shopper("hal");
    await hal.logIn("hal@example.com");
    await hal.addToCart("demo");
    expect(await hal.checkout({})).toHaveProperty("orderId");
    const thankYouCode = /\/r\/([A-Za-z0-9_-]+)$/.exec(await hal.thankYouShareLink())![1];
    await hal.context.clearCookies();
    const { code: guestCode } = await hal.getLink("hal@example.com");
    await j.settle();
    const halId = (await j.sandboxState()).customers.find((c) => c.email === "hal@example.com")!.id;
    // The identity job finds the customer by email and joins the guest row to Hal's older row.
    const [first, guest] = await Promise.all(
      [thankYouCode, guestCode].map((code) => j.stack.db.prisma.advocate.findUniqueOrThrow({ where: { shopId_code: { shopId: j.stack.shop, code } } })),
    );
    expect(first).toMatchObject({ status: "active", customerGid: halId, email: "hal@example.com" });
    expect(guest).toMatchObject({ status: "merged", mergedIntoId: first.id });
    // Logged in, Hal gets his link: one advocate.
    await hal.logIn("hal@example.com");
    expect((await hal.getLink()).code).toBe(thankYouCode);
    expect(await j.stack.db.prisma.advocate.count({ where: { email: "hal@example.com" } })).toBe(1);
    expect(hal.errors).toEqual([]);
  });

  it("a guest who later logs in as a new customer: the two rows join into the older one, and both codes keep working", async () => {
    const ivy = await j.shopper("ivy");
    const guest = await ivy.getLink("ivy@example.com");
    await j.settle();
    // Ivy creates an account (a new customer) and asks again: the proxy gives only her customer
    // id, so the app cannot know yet that she is the guest, and a second row is made.
    await ivy.logIn("ivy@example.com");
    const second = await ivy.getLink();
    expect(second.code).not.toBe(guest.code);
    // The identity job reads her email from Shopify and joins the rows: the guest's (older) stands.
    await j.settle();
    const rows = await j.stack.db.prisma.advocate.findMany({ where: { code: { in: [guest.code, second.code] } }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.code, r.status, r.email])).toEqual([
      [guest.code, "active", "ivy@example.com"],
      [second.code, "merged", null],
    ]);
    expect(rows[0].customerGid).toMatch(/^gid:\/\/shopify\/Customer\//);
    expect(rows[1].mergedIntoId).toBe(rows[0].id);
    expect(await j.stack.db.prisma.auditLog.count({ where: { action: "advocate.merged", subjectId: rows[0].id } })).toBe(1);
    expect((await ivy.getLink()).code).toBe(guest.code);
    // Staff see one Ivy, not two.
    const list = await adminRequest<AdvocateList>(j.stack.app.url, { shop: j.stack.shop, path: "/app/advocates", route: "routes/app.advocates", query: "q=" + encodeURIComponent("ivy@") });
    expect(list.data!.rows.map((r) => r.code)).toEqual([guest.code]);

    // A friend who got the second code still counts for Ivy.
    const max = await j.shopper("max");
    await max.page.goto(j.storeUrl(`/?ref=${second.code}`));
    await max.addToCart("demo");
    expect(await max.checkout({ email: "max@example.com" })).toHaveProperty("orderId");
    await j.settle();
    expect(await j.stack.db.prisma.referral.findFirstOrThrow({ where: { friendEmail: "max@example.com" } })).toMatchObject({ advocateId: rows[0].id });
    expect([...ivy.errors, ...max.errors]).toEqual([]);
  });
});
