import { PROTOCOL_VERSION } from "@chalkline/shared";
import { SignJWT, UnsecuredJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, connectSocket, registerUser, type TestAccount } from "../helpers/clients";
import { startCluster, stopAll } from "../helpers/cluster";
import { type ServerNodeHandle, TEST_JWT_SECRET } from "../helpers/server";

let node: ServerNodeHandle;
let account: TestAccount;
beforeAll(async () => {
  [node] = (await startCluster(1)) as [ServerNodeHandle];
  account = await registerUser(node.url);
});
afterAll(() => stopAll([node]));

const secret = new TextEncoder().encode(TEST_JWT_SECRET);
const forge = (opts: { aud?: string; iss?: string; exp?: number; key?: Uint8Array; alg?: string }) =>
  new SignJWT({ tv: 0, sid: "0".repeat(32) })
    .setProtectedHeader({ alg: opts.alg ?? "HS256" })
    .setSubject(account.user.id)
    .setIssuer(opts.iss ?? "chalkline")
    .setAudience(opts.aud ?? "chalkline-app")
    .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
    .setExpirationTime(opts.exp ?? Math.floor(Date.now() / 1000) + 600)
    .sign(opts.key ?? secret);

const badTokens = async () => ({
  "alg none": new UnsecuredJWT({ tv: 0, sid: "0".repeat(32) })
    .setSubject(account.user.id)
    .setIssuer("chalkline")
    .setAudience("chalkline-app")
    .setIssuedAt()
    .setExpirationTime("1h")
    .encode(),
  "HS512 instead of HS256": await forge({ alg: "HS512" }),
  expired: await forge({ exp: Math.floor(Date.now() / 1000) - 60 }),
  "wrong audience": await forge({ aud: "another-app" }),
  "wrong issuer": await forge({ iss: "someone-else" }),
  "wrong signature": await forge({ key: new TextEncoder().encode("a-different-secret-of-enough-length-000") }),
});

describe("forged and stale access tokens", () => {
  it("a well-formed token works on HTTP and the handshake", async () => {
    expect((await api(node.url, "GET", "/api/me", { token: account.accessToken })).status).toBe(200);
    const { socket } = await connectSocket(node.url, account.accessToken);
    socket.close();
    expect((await forge({})).length).toBeGreaterThan(0);
    expect((await api(node.url, "GET", "/api/me", { token: await forge({}) })).status).toBe(200);
  });

  it("each bad token is refused on HTTP with 401", async () => {
    for (const [name, token] of Object.entries(await badTokens())) {
      const res = await api(node.url, "GET", "/api/me", { token });
      expect(res.status, name).toBe(401);
      expect(res.body.error.code, name).toBe(name === "expired" ? "token_expired" : "unauthorized");
    }
  });

  it("each bad token is refused on the Socket.IO handshake", async () => {
    for (const [name, token] of Object.entries(await badTokens())) {
      const error = await connectSocket(node.url, token).then(
        () => null,
        (e: Error) => e.message,
      );
      expect(error, name).toBe(name === "expired" ? "token_expired" : "unauthorized");
    }
  });

  it("a missing token and a wrong protocol version are refused with their codes", async () => {
    expect((await api(node.url, "GET", "/api/me")).body.error.code).toBe("unauthorized");
    const mismatch = await connectSocket(node.url, account.accessToken, { protocol: PROTOCOL_VERSION + 1 }).catch(
      (e: Error) => e.message,
    );
    expect(mismatch).toBe("protocol_mismatch");
  });
});
