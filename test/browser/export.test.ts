// Issue 15 item 4: the export page downloads each CSV through its own fetch (App Bridge adds
// the session token), and the file parses with the expected header.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { newPage, useBrowserStack } from "../helpers/browser";

describe("CSV export from the admin page", () => {
  const env = useBrowserStack();

  it.each([
    ["referrals", "Export referrals", "referral_id,created_at,status,advocate_code"],
    ["rewards", "Export rewards", "reward_id,created_at,referral_id,recipient"],
  ])("downloads the %s CSV and it parses", async (kind, button, headerStart) => {
    const page = await newPage(env.browser);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${env.stack.sandbox.url}/admin/apps/twofold/export?shop=${env.stack.shop}`);
    const frame = page.frameLocator("iframe");
    await expect.poll(() => frame.getByRole("button", { name: button }).isVisible(), { timeout: 30_000 }).toBe(true);
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 30_000 }), frame.getByRole("button", { name: button }).click()]);
    expect(download.suggestedFilename()).toBe(`twofold-${kind}-last-30-days.csv`);
    const text = (await readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "");
    const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
    expect(lines[0].startsWith(headerStart)).toBe(true);
    expect(lines[0].split(",").length).toBeGreaterThan(5);
    expect(await frame.getByText(/The export failed/).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
