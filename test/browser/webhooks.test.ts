// The Webhooks page in headless Chromium inside the sandbox's admin frame: staff add a local
// receiver's URL, see its secret, send a test event, and read it in the delivery log; a bad URL
// is refused with a message on the page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifySignatureHeader } from "../../app/integrations/signature";
import { clippedCells, newPage, screenshotPath, useBrowserStack } from "../helpers/browser";
import { startReceiver, type Receiver } from "../integrations/receiver";

describe("outgoing webhooks in the admin", () => {
  const env = useBrowserStack();
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => receiver?.close());

  it("adds an endpoint, sends a test event and shows it in the delivery log", async () => {
    const page = await newPage(env.browser);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${env.stack.sandbox.url}/admin/apps/twofold/integrations?shop=${env.stack.shop}`);
    const frame = page.frameLocator("iframe");
    const url = frame.getByLabel("Endpoint URL");
    await url.waitFor({ timeout: 30_000 });

    await url.fill("http://hooks.example.com/twofold");
    await frame.getByRole("button", { name: "Add endpoint" }).click();
    await expect.poll(() => frame.getByText(/must start with https:\/\//).isVisible(), { timeout: 15_000 }).toBe(true);
    await page.screenshot({ path: screenshotPath("webhooks-bad-url"), fullPage: true });

    await url.fill(receiver.url);
    await frame.getByRole("button", { name: "Add endpoint" }).click();
    await expect.poll(() => frame.getByText(`Endpoint added: ${receiver.url}`).isVisible(), { timeout: 15_000 }).toBe(true);
    const secret = (await frame.getByTestId("endpoint-secret").textContent())!;
    expect(secret).toMatch(/^whsec_/);

    await frame.getByRole("button", { name: "Send test event" }).click();
    await expect.poll(() => frame.getByText(/Test event queued/).isVisible(), { timeout: 15_000 }).toBe(true);
    await env.stack.drainJobs();
    expect(receiver.received).toHaveLength(1);
    expect(verifySignatureHeader(secret, receiver.received[0].body, receiver.received[0].headers["twofold-signature"] as string)).toBe(true);
    await page.reload();
    await expect.poll(() => frame.getByText(/1 delivered · 0 being tried · 0 failed/).isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await url.inputValue()).toBe("");
    await page.screenshot({ path: screenshotPath("webhooks-endpoints"), fullPage: true });

    await frame.getByRole("link", { name: "Delivery log" }).click();
    const rows = frame.locator("table tbody tr");
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    const row = (await rows.first().textContent()) ?? "";
    expect(row).toContain("test.ping");
    expect(row).toContain("succeeded");
    expect(row).toContain("1 of 10");
    expect(row).toContain("HTTP 200");
    for (const width of [1440, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(300); // Polaris measures the table on resize
      expect(await clippedCells(frame), `${width} px`).toEqual([]);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: screenshotPath("webhooks-delivery-log"), fullPage: true });
    expect(errors).toEqual([]);
  });
});
