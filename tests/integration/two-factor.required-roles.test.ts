import { afterAll, beforeAll, expect, it } from "vitest";
import { api, connectSocket, registerUser } from "../helpers/clients";
import { loginDemo, startCluster, stopAll } from "../helpers/cluster";
import type { ServerNodeHandle } from "../helpers/server";
import { enrolTwoFactor } from "../helpers/two-factor";

let node: ServerNodeHandle;
beforeAll(async () => {
  [node] = (await startCluster(1, { TWO_FACTOR_REQUIRED_ROLES: "admin,instructor" })) as [ServerNodeHandle];
});
afterAll(() => stopAll([node]));

it("an admin without a second factor reaches only the enrolment, over HTTP and sockets, until it is on; learners are not asked", async () => {
  const admin = await loginDemo(node.url, "admin");
  const refused = await api(node.url, "GET", "/api/admin/users", { token: admin.accessToken });
  expect(refused.status).toBe(403);
  expect(refused.body.error.code).toBe("two_factor_required");
  expect((await api(node.url, "GET", "/api/me", { token: admin.accessToken })).status).toBe(200);
  const status = await api(node.url, "GET", "/api/me/two-factor", { token: admin.accessToken });
  expect(status.body).toEqual({ enabled: false, required: true, recoveryCodesLeft: 0 });

  // Sockets are refused too, at the handshake, with the same code.
  await expect(connectSocket(node.url, admin.accessToken)).rejects.toThrow("two_factor_required");

  await enrolTwoFactor(node.url, admin);
  expect((await api(node.url, "GET", "/api/admin/users", { token: admin.accessToken })).status).toBe(200);
  const connected = await connectSocket(node.url, admin.accessToken);
  expect(connected.ready.user.role).toBe("admin");
  connected.socket.close();
  const login = await api(node.url, "POST", "/api/auth/login", {
    body: { email: admin.email, password: admin.password },
  });
  expect(login.body.status).toBe("two_factor_required");

  const learner = await registerUser(node.url);
  expect((await api(node.url, "GET", "/api/courses/mine", { token: learner.accessToken })).status).toBe(200);
  (await connectSocket(node.url, learner.accessToken)).socket.close();
  const learnerStatus = await api(node.url, "GET", "/api/me/two-factor", { token: learner.accessToken });
  expect(learnerStatus.body.required).toBe(false);
});
