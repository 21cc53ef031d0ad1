import type { UserView } from "@chalkline/shared";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { browserForFile, saveScreenshot, signIn } from "../helpers/browser";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { uniqueName } from "../helpers/ids";
import { waitForMail } from "../helpers/mail";
import { type ServerNodeHandle, startServerNode } from "../helpers/server";

const UI_TIMEOUT_MS = 15_000;
const held = browserForFile();
let server: ServerNodeHandle;
let learner: TestAccount;

beforeAll(async () => {
  const name = uniqueName("e2e_profile");
  server = await startServerNode({ services: inject("services"), dbName: name, keyPrefix: name });
  learner = await registerUser(server.url);
});
afterAll(() => server?.stop());

async function me(): Promise<UserView> {
  const answer = await api<UserView>(server.url, "POST", "/api/auth/login", {
    body: { email: learner.email, password: learner.password },
  });
  return (answer.body as unknown as { user: UserView }).user;
}

async function sees(page: Page, text: string): Promise<void> {
  await page.getByText(text).first().waitFor({ timeout: UI_TIMEOUT_MS });
}

it("a learner changes name, time zone, notifications, email and password from the profile page", async () => {
  const page = await signIn(held.browser, server.url, learner);
  const other = await signIn(held.browser, server.url, learner);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto("/profile");

  // Name and time zone
  const details = page.locator("form", { has: page.getByRole("heading", { name: "Name and time zone" }) });
  await details.getByLabel("Display name").fill("Ada Byron");
  await details.getByLabel("Time zone").selectOption("Asia/Tokyo");
  await details.getByRole("button", { name: "Save" }).click();
  await sees(page, "Saved.");
  // The header shows the new name at once, without a reload.
  await page.locator("header").getByText("Ada Byron").waitFor({ timeout: UI_TIMEOUT_MS });

  // Notifications
  const notices = page.locator("form", { has: page.getByRole("heading", { name: "Notifications" }) });
  await notices.getByLabel("A class of mine starts soon").uncheck();
  await notices.getByRole("button", { name: "Save notifications" }).click();
  await sees(page, "Your notification choices are saved.");
  expect(await me()).toMatchObject({
    displayName: "Ada Byron",
    timeZone: "Asia/Tokyo",
    notificationsOff: ["class_reminder"],
  });

  // Email: nothing changes until the mailed link is opened
  const newEmail = `${uniqueName("ada")}@example.test`;
  const emailForm = page.locator("form", { has: page.getByRole("heading", { name: "Email address" }) });
  await emailForm.getByLabel("New email address").fill(newEmail);
  await emailForm.getByLabel("Current password").fill(learner.password);
  await emailForm.getByRole("button", { name: "Send the link" }).click();
  await sees(page, `Check ${newEmail} for a link.`);
  await saveScreenshot(page, "profile-form");
  await page.screenshot({ path: "/tmp/profile-form.png", fullPage: true });
  const link = (await waitForMail(newEmail)).Text.match(/https?:\/\/\S+\/email\/confirm#token=[\w-]+/)?.[0];
  expect(link).toBeDefined();
  await page.goto(link!);
  await sees(page, `From now on you sign in with ${newEmail}.`);
  await page.screenshot({ path: "/tmp/profile-email-confirmed.png", fullPage: true });
  learner = { ...learner, email: newEmail };

  // Password: a wrong current one is refused; the right one signs the other browser out
  await page.goto("/profile");
  await sees(page, newEmail);
  const passwordForm = page.locator("form", { has: page.getByRole("heading", { name: "Password" }) });
  await passwordForm.getByLabel("Current password").fill("not my password");
  await passwordForm.getByLabel("New password").fill("a-whole-new-passphrase");
  await passwordForm.getByRole("button", { name: "Change password" }).click();
  await sees(page, "That isn't your current password.");
  await passwordForm.getByLabel("Current password").fill(learner.password);
  await passwordForm.getByRole("button", { name: "Change password" }).click();
  await sees(page, "Password changed. Every other device and browser was signed out.");
  await other.waitForURL("**/login**", { timeout: UI_TIMEOUT_MS });
  await sees(other, "You were logged out in another window.");
  await page.screenshot({ path: "/tmp/profile-password-changed.png", fullPage: true });
  // This browser stays signed in.
  await page.goto("/dashboard");
  await page.getByTestId("user-name").filter({ hasText: "Ada Byron" }).waitFor({ timeout: UI_TIMEOUT_MS });
  // The notifications panel leads to the choices on the profile.
  await page.getByRole("button", { name: /^Notifications/ }).click();
  await page.screenshot({ path: "/tmp/profile-notification-panel.png" });
  await page.getByRole("region", { name: "Notifications" }).getByRole("link", { name: "Choose" }).click();
  await page.waitForURL("**/profile#notifications-title", { timeout: UI_TIMEOUT_MS });
  learner = { ...learner, password: "a-whole-new-passphrase" };
  expect((await me()).email).toBe(newEmail);
  expect(errors).toEqual([]);
  await other.context().close();
  await page.context().close();
});
