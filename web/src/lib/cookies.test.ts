import { describe, expect, it } from "vitest";
import { readCookie } from "./cookies";
import { hasSessionHint } from "./session-hint";
import { themeFromCookies } from "./theme";

describe("cookies the server renders with", () => {
  it("reads one cookie among others, by its exact name", () => {
    const header = "chalkline_sessionx=1; chalkline_session=1;chalkline_theme=dark";
    expect(readCookie(header, "chalkline_session")).toBe("1");
    expect(readCookie(header, "chalkline_theme")).toBe("dark");
    expect(readCookie(header, "missing")).toBeNull();
  });

  it("a cleared or absent session hint is no session", () => {
    expect(hasSessionHint("chalkline_session=1")).toBe(true);
    expect(hasSessionHint("chalkline_session=")).toBe(false);
    expect(hasSessionHint("chalkline_sessions=1")).toBe(false);
    expect(hasSessionHint("")).toBe(false);
  });

  it("an unknown or missing theme follows the device", () => {
    expect(themeFromCookies("chalkline_theme=light")).toBe("light");
    expect(themeFromCookies("chalkline_theme=purple")).toBe("system");
    expect(themeFromCookies("")).toBe("system");
  });
});
