import { afterAll, beforeAll, expect, it } from "vitest";
import { api, registerUser } from "../helpers/clients";
import { startCluster, stopAll } from "../helpers/cluster";
import { uniqueName } from "../helpers/ids";
import { type CaughtMail, mailsTo, waitForMail } from "../helpers/mail";
import type { ServerNodeHandle } from "../helpers/server";

let nodes: ServerNodeHandle[];
beforeAll(async () => {
  nodes = await startCluster(2);
});
afterAll(() => stopAll(nodes ?? []));

function emailChangeToken(mail: CaughtMail): string {
  const match = mail.Text.match(/https?:\/\/\S+\/email\/confirm#token=([A-Za-z0-9_-]+)/);
  if (!match?.[1]) throw new Error(`no email-change link in "${mail.Subject}":\n${mail.Text}`);
  return match[1];
}

it("the address changes only when the link mailed to the new address is opened, once", async () => {
  const [a, b] = nodes as [ServerNodeHandle, ServerNodeHandle];
  const learner = await registerUser(a.url);
  const newEmail = `${uniqueName("moved")}@example.test`;
  const ask = (email: string, currentPassword: string) =>
    api(a.url, "POST", "/api/me/email", { token: learner.accessToken, body: { email, currentPassword } });

  expect((await ask(newEmail, "not-the-password")).body.error.code).toBe("wrong_password");
  const asked = await ask(newEmail.toUpperCase(), learner.password);
  expect(asked.status).toBe(202);
  expect(asked.body).toEqual({ status: "check_email" });

  const mail = await waitForMail(newEmail);
  expect(mail.Subject).toBe("Confirm your new Chalkline email address");
  // Nothing has changed yet: the old address still signs in, the new one does not.
  expect((await api(b.url, "GET", "/api/me", { token: learner.accessToken })).body.email).toBe(learner.email);
  const early = await api(b.url, "POST", "/api/auth/login", { body: { email: newEmail, password: learner.password } });
  expect(early.body.error.code).toBe("invalid_credentials");

  const token = emailChangeToken(mail);
  const confirmed = await api(b.url, "POST", "/api/auth/email/confirm", { body: { token } });
  expect(confirmed.status).toBe(200);
  expect(confirmed.body).toEqual({ email: newEmail });
  expect((await api(a.url, "GET", "/api/me", { token: learner.accessToken })).body.email).toBe(newEmail);
  expect(
    (await api(a.url, "POST", "/api/auth/login", { body: { email: newEmail, password: learner.password } })).status,
  ).toBe(200);
  const oldLogin = await api(a.url, "POST", "/api/auth/login", {
    body: { email: learner.email, password: learner.password },
  });
  expect(oldLogin.body.error.code).toBe("invalid_credentials");

  const again = await api(a.url, "POST", "/api/auth/email/confirm", { body: { token } });
  expect(again.status).toBe(400);
  expect(again.body.error.code).toBe("link_invalid");
  // The old address hears of the change (its first mail was the sign-up link).
  expect((await waitForMail(learner.email, { count: 2 })).Subject).toBe("Your Chalkline email address was changed");
});

it("an address that has an account is not taken, and the asker is answered alike", async () => {
  const [a] = nodes as [ServerNodeHandle];
  const mover = await registerUser(a.url);
  const owner = await registerUser(a.url);
  const asked = await api(a.url, "POST", "/api/me/email", {
    token: mover.accessToken,
    body: { email: owner.email, currentPassword: mover.password },
  });
  expect(asked.status).toBe(202);
  expect(asked.body).toEqual({ status: "check_email" });
  const note = await waitForMail(owner.email, { count: 2 });
  expect(note.Subject).toBe("Someone tried to move a Chalkline account to your email");
  expect(note.Text).not.toMatch(/email\/confirm/);
  expect((await mailsTo(owner.email)).length).toBe(2);
  expect((await api(a.url, "GET", "/api/me", { token: mover.accessToken })).body.email).toBe(mover.email);
});
