import { describe, expect, it } from "vitest";
import { allowOrigin } from "./uploads.csp";

describe("allowOrigin", () => {
  it("adds the bucket's origin to connect-src and img-src only", () => {
    const policy = "default-src 'self'; img-src 'self' data: blob:; connect-src 'self'; script-src 'self'";
    expect(allowOrigin(policy, "http://127.0.0.1:9000")).toBe(
      "default-src 'self'; img-src 'self' data: blob: http://127.0.0.1:9000; connect-src 'self' http://127.0.0.1:9000; script-src 'self'",
    );
  });
});
