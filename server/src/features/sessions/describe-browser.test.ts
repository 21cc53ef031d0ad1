import { describe, expect, it } from "vitest";
import { describeBrowser } from "./sessions.service";

describe("describeBrowser", () => {
  it("names the browser, its major version and the system", () => {
    expect(
      describeBrowser(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
      ),
    ).toBe("Chrome 131 on Windows");
    expect(describeBrowser("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")).toBe(
      "Firefox 128 on Linux",
    );
    expect(
      describeBrowser(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      ),
    ).toBe("Safari 17 on iOS");
  });

  it("says so when the user agent tells nothing", () => {
    expect(describeBrowser("")).toBe("Unknown browser");
    expect(describeBrowser("curl/8.5.0")).toMatch(/curl|Unknown browser/);
  });
});
