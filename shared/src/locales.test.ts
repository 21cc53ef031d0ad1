import { describe, expect, it } from "vitest";
import { acceptedLanguages, bestLocale, directionOf, requestLocale } from "./locales";

describe("a request's language", () => {
  it("reads Accept-Language best first, dropping refused languages", () => {
    expect(acceptedLanguages("fr-CH, fr;q=0.9, ar;q=0.95, de;q=0, *;q=0.5")).toEqual(["fr-CH", "ar", "fr", "*"]);
    expect(acceptedLanguages("")).toEqual([]);
  });

  it("matches on the language and falls back to English", () => {
    expect(bestLocale(["fr-CH", "es-MX", "ar"])).toBe("es");
    expect(bestLocale(["de"])).toBe("en");
  });

  it("prefers the account's cookie, and ignores a cookie the app does not speak", () => {
    expect(requestLocale("ar", "es")).toBe("ar");
    expect(requestLocale("klingon", "es-ES,en;q=0.5")).toBe("es");
    expect(requestLocale(undefined, "")).toBe("en");
  });

  it("writes Arabic right to left", () => {
    expect([directionOf("ar"), directionOf("es")]).toEqual(["rtl", "ltr"]);
  });
});
