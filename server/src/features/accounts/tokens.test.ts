import { SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { AccessTokens } from "./tokens";

const settings = { secret: "s".repeat(40), issuer: "chalkline", audience: "chalkline-app", ttlSeconds: 900 };
const tokens = new AccessTokens(settings);
const userId = "a".repeat(24);
const sessionId = "b".repeat(32);
const key = new TextEncoder().encode(settings.secret);

async function codeOf(token: string): Promise<string> {
  return tokens.verify(token).then(
    () => "accepted",
    (e: { code: string }) => e.code,
  );
}

describe("AccessTokens", () => {
  it("accepts what it signed", async () => {
    const { token } = await tokens.sign({ userId, sessionId, tokenVersion: 3 });
    await expect(tokens.verify(token)).resolves.toMatchObject({ userId, sessionId, tokenVersion: 3 });
  });

  it("refuses a token without its session id, which could not be ended before expiry", async () => {
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(userId)
        .setIssuer("chalkline")
        .setAudience("chalkline-app")
        .setIssuedAt()
        .setExpirationTime("1h")
        .sign(key);
    expect(await codeOf(await sign({ tv: 0, sid: sessionId }))).toBe("accepted");
    expect(await codeOf(await sign({ tv: 0 }))).toBe("unauthorized");
    expect(await codeOf(await sign({ tv: 0, sid: "not-a-session" }))).toBe("unauthorized");
  });

  it("refuses alg none, expiry, wrong audience, issuer and signature", async () => {
    const none = new UnsecuredJWT({ tv: 0 })
      .setSubject(userId)
      .setIssuer("chalkline")
      .setAudience("chalkline-app")
      .setIssuedAt()
      .setExpirationTime("1h")
      .encode();
    const expired = (await tokens.sign({ userId, sessionId, tokenVersion: 0 }, Date.now() - 3_600_000)).token;
    const sign = (aud: string, iss: string, k = key) =>
      new SignJWT({ tv: 0, sid: sessionId })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(userId)
        .setIssuer(iss)
        .setAudience(aud)
        .setIssuedAt()
        .setExpirationTime("1h")
        .sign(k);
    expect(await codeOf(none)).toBe("unauthorized");
    expect(await codeOf(expired)).toBe("token_expired");
    expect(await codeOf(await sign("other-app", "chalkline"))).toBe("unauthorized");
    expect(await codeOf(await sign("chalkline-app", "someone-else"))).toBe("unauthorized");
    expect(await codeOf(await sign("chalkline-app", "chalkline", new TextEncoder().encode("x".repeat(40))))).toBe(
      "unauthorized",
    );
  });
});
