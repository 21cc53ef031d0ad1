import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureWebBuild, launchBrowser, saveScreenshot, signIn } from "../helpers/browser";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { grantPoints, guardianCluster } from "../helpers/guardians";
import { createProduct } from "../helpers/store";

const UI_TIMEOUT_MS = 20_000;

// Before the cluster starts: a node serves the web build it finds when it starts.
beforeAll(ensureWebBuild, 240_000);
const cluster = guardianCluster(1);
let browser: Browser;
let learner: TestAccount;
let guardian: TestAccount;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  learner = await registerUser(cluster.nodes[0]!.url, "learner");
  guardian = await registerUser(cluster.nodes[0]!.url, "guardian");
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

async function signedIn(account: TestAccount, opts: { width?: number; dark?: boolean } = {}): Promise<Page> {
  const errors: string[] = [];
  const page = await signIn(browser, cluster.nodes[0]!.url, account, {
    context: {
      viewport: { width: opts.width ?? 1280, height: 900 },
      colorScheme: opts.dark ? "dark" : "light",
    },
    onPage: (p) => {
      p.on("pageerror", (error) => errors.push(error.message));
      p.on("close", () => expect(errors).toEqual([]));
    },
  });
  contexts.push(page.context());
  return page;
}

it("a guardian links a learner and wraps a gift; the learner sees it unlock live and opens it", {
  timeout: 120_000,
}, async () => {
  // The learner hands out a code from their family page.
  const kid = await signedIn(learner);
  await kid.getByRole("link", { name: "Family" }).click();
  await kid.getByRole("button", { name: "Get a code" }).click();
  const code = (await kid.getByTestId("link-code").locator("output").textContent())!.trim();
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await saveScreenshot(kid, "guardian-learner-code");

  // The guardian types it, opens the learner's page and wraps a gift.
  const parent = await signedIn(guardian);
  await parent.getByRole("link", { name: "Family" }).click();
  await parent.getByLabel("Learner's code").fill(code.toLowerCase());
  await parent.getByRole("button", { name: "Link learner" }).click();
  await parent.getByText(`You now follow ${learner.user.displayName}.`).waitFor({ timeout: UI_TIMEOUT_MS });
  await parent.getByTestId("learner-card").getByText("Level 1").waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(parent, "guardian-home");
  await parent.getByTestId("learner-card").click();
  await parent.getByTestId("learner-overview").waitFor({ timeout: UI_TIMEOUT_MS });
  await parent.getByLabel("Gift", { exact: true }).fill("Cinema night");
  await parent.getByLabel("Unlocks at").fill("50");
  await parent.getByLabel(/^Message/).fill("So proud of you — popcorn is on me!");
  // Nobody pays unless the guardian says who: without a choice the gift is not wrapped.
  await parent.getByRole("button", { name: "Wrap the gift" }).click();
  await parent.getByTestId("gift-payer-error").waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await parent.getByTestId("guardian-gifts").count()).toBe(0);
  await parent.getByLabel("They pay 50 points of their own when opening it").check();
  await parent.getByRole("button", { name: "Wrap the gift" }).click();
  await parent.getByTestId("guardian-gifts").getByText("Locked").waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(parent, "guardian-learner-page");

  // The learner sees only that a gift waits, and how far it is.
  await kid.reload();
  await kid.getByTestId("locked-count").waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await kid.getByTestId("locked-progress").textContent()).toContain("0 of 50 points");
  expect(await kid.content()).not.toContain("Cinema night");
  await saveScreenshot(kid, "guardian-learner-gift-waiting");

  // Points arrive from the operator's grant route: the gift unlocks, and the reveal plays at once.
  expect(await grantPoints([cluster.nodes[0]!.url], cluster.admin, learner.user.id, "e2e", 5)).toEqual(
    Array(5).fill(201),
  );
  const reveal = kid.getByTestId("gift-reveal");
  await reveal.getByText(`${guardian.user.displayName} left you a gift`).waitFor({ timeout: UI_TIMEOUT_MS });
  await kid.waitForTimeout(900);
  await saveScreenshot(kid, "guardian-gift-unlocked");
  await reveal.getByRole("button", { name: "Unwrap it" }).click();
  await reveal.getByTestId("gift-title").getByText("Cinema night").waitFor({ timeout: UI_TIMEOUT_MS });
  await kid.waitForTimeout(900);
  await saveScreenshot(kid, "guardian-gift-unwrapped");
  // Before opening, the learner reads that their guardian chose that they pay, and how much.
  const cost = await reveal.getByTestId("gift-cost").textContent();
  expect(cost).toContain(`${guardian.user.displayName} chose that you pay`);
  expect(cost).toContain("50 points");
  await reveal.getByRole("button", { name: "Open it" }).click();
  await reveal.getByTestId("gift-opened").waitFor({ timeout: UI_TIMEOUT_MS });
  await kid.waitForTimeout(900);
  await saveScreenshot(kid, "guardian-gift-opened");
  await reveal.getByRole("button", { name: "Done" }).click();
  await kid.getByTestId("opened-gifts").getByText("Cinema night").waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await kid.getByTestId("gifts-headline").textContent()).toContain("You've opened every gift");

  // The guardian's page shows the gift opened and the points spent.
  await parent.reload();
  await parent.getByTestId("guardian-gifts").getByText("Opened").waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await parent.getByTestId("overview-points").textContent()).toBe("0");
});

it("a guardian sets a task; the learner answers it against the timer and earns its points once", {
  timeout: 120_000,
}, async () => {
  const parent = await signedIn(guardian);
  await parent.goto(`/family/learners/${learner.user.id}`);
  await parent.getByLabel(`Question for ${learner.user.displayName}`).fill("How many legs does a spider have?");
  await parent.getByLabel("Choice 1", { exact: true }).fill("Six");
  await parent.getByLabel("Choice 2", { exact: true }).fill("Eight");
  await parent.getByRole("button", { name: "+ Add a choice" }).click();
  await parent.getByLabel("Choice 3", { exact: true }).fill("Ten");
  await parent.getByLabel("Choice 2 is the right answer").check();
  await parent.getByLabel("Points for a right first answer").fill("30");
  await parent.getByRole("button", { name: "Send task" }).click();
  await parent.getByTestId("guardian-tasks").getByText("Not opened yet").waitFor({ timeout: UI_TIMEOUT_MS });

  const kid = await signedIn(learner, { width: 420 });
  await kid.goto("/family");
  await kid.getByTestId("open-task").click();
  await kid.getByText("How many legs does a spider have?").waitFor({ timeout: UI_TIMEOUT_MS });
  await kid.waitForTimeout(2_200);
  expect(await kid.getByTestId("task-timer").textContent()).toMatch(/^\s*[1-9]\d* s\s*$/);
  await kid.getByText("Eight").click();
  await saveScreenshot(kid, "guardian-task-answering");
  await kid.getByRole("button", { name: "Submit answer" }).click();
  await kid.getByTestId("task-result").getByText("+30 points are yours.").waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(kid, "guardian-task-right");

  await parent.reload();
  await parent
    .getByTestId("guardian-tasks")
    .getByText(/Right first time · earned 30 points/)
    .waitFor({ timeout: UI_TIMEOUT_MS });
  await parent.getByTestId("recent-activity").getByText("Solved a family task").waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await parent.getByTestId("overview-points").textContent()).toBe("30");
  await saveScreenshot(parent, "guardian-learner-overview");

  const dark = await signedIn(guardian, { dark: true, width: 900 });
  await dark.goto(`/family/learners/${learner.user.id}`);
  await dark.getByTestId("guardian-tasks").waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(dark, "guardian-learner-overview-dark");
});

it("a store gift shows its real price; the gift budget an admin grants on the users page pays for it", {
  timeout: 120_000,
}, async () => {
  const url = cluster.nodes[0]!.url;
  const product = await createProduct(url, cluster.admin.accessToken, { name: "Star map poster", pricePoints: 40 });

  // Unfunded, the learner would pay the price: the threshold only unlocks the gift.
  const parent = await signedIn(guardian);
  await parent.goto(`/family/learners/${learner.user.id}`);
  await parent.getByLabel("Something from the store").check();
  await parent.getByLabel("Product").selectOption(product.id);
  await parent.getByTestId("gift-price").getByText("It costs 40 points").waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await parent.getByTestId("gift-payer").textContent()).toContain("you have no gift budget");
  expect(await parent.getByLabel("Paid from my gift budget").isDisabled()).toBe(true);
  expect(await parent.getByTestId("task-budget").textContent()).toMatch(/70 of 100\s+task points/);

  // The admin grants a gift budget from the users page.
  const admin = await signedIn(cluster.admin);
  await admin.goto("/admin/users");
  await admin.getByLabel("Search").fill(guardian.email);
  const budget = admin.getByTestId("guardian-budget");
  await budget.getByTestId("gift-budget-points").getByText("0 points").waitFor({ timeout: UI_TIMEOUT_MS });
  await budget.getByLabel(`Gift budget points to grant or take back for ${guardian.user.displayName}`).fill("100");
  await budget.getByRole("button", { name: "Grant" }).click();
  await budget.getByTestId("gift-budget-points").getByText("100 points").waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(admin, "admin-users-guardian-budget");

  // Now the budget covers it: funded, it costs the learner nothing.
  await parent.reload();
  await parent.getByLabel("Something from the store").check();
  await parent.getByLabel("Product").selectOption(product.id);
  await parent.getByLabel("Paid from my gift budget").check();
  await parent.getByTestId("gift-payer").getByText("opening it costs them nothing").waitFor({ timeout: UI_TIMEOUT_MS });
  await parent.getByLabel("Unlocks at").fill("1000");
  await saveScreenshot(parent, "guardian-gift-store-price");
  await parent.getByRole("button", { name: "Wrap the gift" }).click();
  await parent
    .getByTestId("guardian-gifts")
    .getByText("paid from your gift budget")
    .waitFor({ timeout: UI_TIMEOUT_MS });
  const left = await api(url, "GET", "/api/me/budget", { token: guardian.accessToken });
  expect(left.body).toMatchObject({ giftPoints: 60 });
});
