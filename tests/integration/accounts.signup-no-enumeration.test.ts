import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type ApiAnswer, api, completeSignup, registerUser } from "../helpers/clients";
import { startCluster, stopAll } from "../helpers/cluster";
import { uniqueName } from "../helpers/ids";
import { mailsTo, signupLink, waitForMail } from "../helpers/mail";
import type { ServerNodeHandle } from "../helpers/server";

const SHORT_TTL_SECONDS = 2;

let node: ServerNodeHandle;
let shortLinks: ServerNodeHandle;
beforeAll(async () => {
  [[node], [shortLinks]] = (await Promise.all([
    startCluster(1),
    startCluster(1, { SIGNUP_LINK_TTL_SECONDS: String(SHORT_TTL_SECONDS) }),
  ])) as [[ServerNodeHandle], [ServerNodeHandle]];
});
afterAll(() => stopAll([node, shortLinks]));

const newEmail = () => `${uniqueName("signup")}@example.test`;
const register = (url: string, email: string, password = "a-new-password-1") =>
  api(url, "POST", "/api/auth/register", { body: { email, password, displayName: "Someone" } });

/** Everything a client sees of an answer, apart from the headers that differ on every answer. */
function visible(res: ApiAnswer) {
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!["date", "content-length", "etag"].includes(name)) headers[name] = value;
  });
  return { status: res.status, body: res.body, headers, cookie: res.refreshCookie };
}

it("registering an existing address answers exactly like a new one; only the owner's mailbox tells", async () => {
  const owner = await registerUser(node.url);
  const taken = await register(node.url, owner.email, "an-attackers-password");
  const fresh = await register(node.url, newEmail());

  expect(taken.status).toBe(202);
  expect(taken.body).toEqual({ status: "check_email" });
  expect(visible(taken)).toEqual(visible(fresh));

  // The owner's second mail (the first was their own sign-up link) says someone tried, with no link to use.
  const note = await waitForMail(owner.email, { count: 2 });
  expect(note.Subject).toBe("Someone tried to sign up to Chalkline with your email");
  expect(note.Text).toContain(`${new URL(node.url).origin}/login`);
  expect(() => signupLink(note)).toThrow();

  // Nothing about the account changed.
  const withOld = await api(node.url, "POST", "/api/auth/login", {
    body: { email: owner.email, password: owner.password },
  });
  expect(withOld.status).toBe(200);
  expect(withOld.body.user.id).toBe(owner.user.id);
  const withNew = await api(node.url, "POST", "/api/auth/login", {
    body: { email: owner.email, password: "an-attackers-password" },
  });
  expect(withNew.body.error.code).toBe("invalid_credentials");
});

it("the link creates the account and signs it in, with the details given at registration", async () => {
  const email = newEmail();
  expect((await register(node.url, email)).status).toBe(202);
  const mail = await waitForMail(email);
  expect(mail.Subject).toBe("Finish creating your Chalkline account");
  const { link, token } = signupLink(mail);
  expect(link.startsWith(`${new URL(node.url).origin}/signup/complete#token=`)).toBe(true);
  expect(mail.HTML).toContain(`href="${link}"`);

  // No account exists before the link is opened.
  const early = await api(node.url, "POST", "/api/auth/login", { body: { email, password: "a-new-password-1" } });
  expect(early.body.error.code).toBe("invalid_credentials");

  const completed = await completeSignup(node.url, token);
  expect(completed.status).toBe(201);
  expect(completed.body.user).toMatchObject({ email, displayName: "Someone", role: "learner" });
  expect(completed.refreshCookie).toBeDefined();
  const me = await api(node.url, "GET", "/api/me", { token: completed.body.accessToken });
  expect(me.body.email).toBe(email);
});

it("a link works once, even when opened twice at the same moment", async () => {
  const email = newEmail();
  await register(node.url, email);
  const { token } = signupLink(await waitForMail(email));
  const both = await Promise.all([completeSignup(node.url, token), completeSignup(node.url, token)]);
  expect(both.map((r) => r.status).sort()).toEqual([201, 400]);
  const again = await completeSignup(node.url, token);
  expect([again.status, again.body.error.code]).toEqual([400, "link_invalid"]);
});

it("two links for one address make one account: the second answers like a used link", async () => {
  const email = newEmail();
  await register(node.url, email, "first-password-1");
  await register(node.url, email, "second-password-2");
  const first = signupLink(await waitForMail(email, { count: 1 }));
  const second = signupLink(await waitForMail(email, { count: 2 }));
  expect(first.token).not.toBe(second.token);

  expect((await completeSignup(node.url, second.token)).status).toBe(201);
  const late = await completeSignup(node.url, first.token);
  expect([late.status, late.body.error.code]).toEqual([400, "link_invalid"]);
  // The account is the one of the link that was opened.
  const login = await api(node.url, "POST", "/api/auth/login", { body: { email, password: "second-password-2" } });
  expect(login.status).toBe(200);
});

it("a link expires", async () => {
  const email = newEmail();
  const registeredAt = Date.now();
  expect((await register(shortLinks.url, email)).status).toBe(202);
  const { token } = signupLink(await waitForMail(email));
  await sleep(Math.max(0, registeredAt + SHORT_TTL_SECONDS * 1000 + 500 - Date.now()));

  const late = await completeSignup(shortLinks.url, token);
  expect([late.status, late.body.error.code]).toEqual([400, "link_invalid"]);
  const login = await api(shortLinks.url, "POST", "/api/auth/login", {
    body: { email, password: "a-new-password-1" },
  });
  expect(login.body.error.code).toBe("invalid_credentials");
});

it("made-up tokens are refused", async () => {
  const unknown = await completeSignup(node.url, "A".repeat(43));
  expect([unknown.status, unknown.body.error.code]).toEqual([400, "link_invalid"]);
  const malformed = await completeSignup(node.url, "not a token");
  expect([malformed.status, malformed.body.error.code]).toEqual([400, "invalid_payload"]);
});

it("an address gets a bounded number of sign-up mails, and the answer never changes", async () => {
  const email = newEmail();
  const answers = [];
  for (let i = 0; i < 7; i++) answers.push(visible(await register(node.url, email)));
  for (const answer of answers) expect(answer).toEqual(answers[0]);
  await waitForMail(email, { count: 5 });
  // Let the queue send anything past the bound, if it were going to.
  await sleep(1_000);
  expect(await mailsTo(email)).toHaveLength(5);
});
