import { afterAll, beforeAll, expect, it } from "vitest";
import { api, registerUser } from "../helpers/clients";
import { startCluster, stopAll } from "../helpers/cluster";
import { uniqueName } from "../helpers/ids";
import { waitForMail } from "../helpers/mail";
import type { ServerNodeHandle } from "../helpers/server";

let node: ServerNodeHandle;
beforeAll(async () => {
  [node] = (await startCluster(1)) as [ServerNodeHandle];
});
afterAll(async () => {
  await stopAll(node ? [node] : []);
});

it("words account emails in the account's language, else in the language of the browser that asked", async () => {
  // A visitor whose browser prefers Spanish signs up: the link comes in Spanish.
  const email = `${uniqueName("es")}@example.test`;
  const registered = await api(node.url, "POST", "/api/auth/register", {
    body: { email, password: "correct-horse-battery", displayName: "Ana", role: "learner" },
    headers: { "accept-language": "es-MX,es;q=0.9,en;q=0.5" },
  });
  expect(registered.status).toBe(202);
  const signup = await waitForMail(email);
  expect(signup.Subject).toBe("Termina de crear tu cuenta de Chalkline");
  expect(signup.Text).toContain("Hola, Ana:");
  expect(signup.HTML).toContain('<html lang="es" dir="ltr">');

  // An account that chose Arabic asks for a reset from an English browser: its own choice wins.
  const account = await registerUser(node.url);
  const chosen = await api(node.url, "PATCH", "/api/me", { token: account.accessToken, body: { locale: "ar" } });
  expect(chosen.status).toBe(200);
  const forgot = { body: { email: account.email }, headers: { "accept-language": "en-GB" } };
  expect((await api(node.url, "POST", "/api/auth/password/forgot", forgot)).status).toBe(202);
  const reset = await waitForMail(account.email, { count: 2 });
  expect(reset.Subject).toBe("أعد تعيين كلمة مرورك في Chalkline");
  expect(reset.HTML).toContain('<html lang="ar" dir="rtl">');

  // An address with no account, asked about from a page whose language cookie says Arabic.
  const stranger = `${uniqueName("nobody")}@example.test`;
  const unknown = { body: { email: stranger }, headers: { cookie: "chalkline_locale=ar", "accept-language": "es" } };
  expect((await api(node.url, "POST", "/api/auth/password/forgot", unknown)).status).toBe(202);
  expect((await waitForMail(stranger)).Subject).toBe("طلب إعادة تعيين كلمة مرور في Chalkline");
});
