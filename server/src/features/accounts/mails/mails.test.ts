import { LOCALES } from "@chalkline/shared";
import { describe, expect, it } from "vitest";
import { emailChangedMail, passwordResetLinkMail, signupLinkMail } from "./account.mails";
import { ar } from "./mails.ar";
import { en } from "./mails.en";
import { es } from "./mails.es";
import { accountWording, lifetime } from "./mails.wording";

const VALUES = { name: "Ada", count: 3, lifetime: "3 hours", newEmail: "ada@example.test" };

describe("account emails", () => {
  it.each(LOCALES)("words every message in %s with its values filled in", (locale) => {
    const t = accountWording(locale);
    for (const id of Object.keys(en) as (keyof typeof en)[]) {
      const text = t(id, VALUES);
      expect(text, id).not.toMatch(/[{}]/);
      expect(text.length, id).toBeGreaterThan(0);
    }
  });

  it("gives every language the same messages, with the same placeholders", () => {
    const placeholders = (message: string) => [...message.matchAll(/\{(\w+)[,}]/g)].map((m) => m[1]).sort();
    for (const catalog of [es, ar]) {
      expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
      for (const [id, message] of Object.entries(en))
        expect(placeholders(catalog[id as keyof typeof en]), id).toEqual(placeholders(message));
    }
  });

  it("says a link's lifetime with each language's plural forms", () => {
    expect(lifetime(accountWording("en"), 60_000)).toBe("1 minute");
    expect(lifetime(accountWording("en"), 30 * 60_000)).toBe("30 minutes");
    expect(lifetime(accountWording("es"), 24 * 3_600_000)).toBe("24 horas");
    expect(lifetime(accountWording("ar"), 2 * 3_600_000)).toBe("ساعتين");
    expect(lifetime(accountWording("ar"), 3 * 3_600_000)).toBe("3 ساعات");
  });

  it("writes the whole mail in the recipient's language, names and links left as typed", () => {
    const link = "https://class.example/signup/complete?token=abc";
    const mail = signupLinkMail({ to: "a@example.test", locale: "ar", displayName: "<Ada>", link, ttlMs: 86_400_000 });
    expect(mail.subject).toBe(ar["signupLink.subject"]);
    expect(mail.text).toContain("مرحبًا <Ada>،");
    expect(mail.text).toContain(`${ar["signupLink.action"]}: ${link}`);
    expect(mail.html).toContain('<html lang="ar" dir="rtl">');
    expect(mail.html).toContain("&lt;Ada&gt;");
    const reset = passwordResetLinkMail({
      to: "a@example.test",
      locale: "es",
      displayName: "Ada",
      link,
      ttlMs: 1_800_000,
    });
    expect(reset.text).toContain("caduca en 30 minutos");
    expect(emailChangedMail({ to: "a@example.test", locale: "en", newEmail: "b@example.test" }).text).toContain(
      "signs in with b@example.test instead",
    );
  });
});
