import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ACHIEVEMENTS, ERROR_STATUS, type ErrorCode, LOCALES } from "@chalkline/shared";
import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { type Catalog, mergeCatalogs, messageIds } from "./catalogs";
import { untranslatedTexts } from "./untranslated";

const WEB_SRC = join(import.meta.dirname, "..", "..");
const MESSAGES = join(import.meta.dirname, "messages");

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(suffix))
    .map((file) => join(dir, file));
}

function catalogOf(locale: string): Catalog {
  const files = readdirSync(MESSAGES).map((group) => join(MESSAGES, group, `${locale}.json`));
  return mergeCatalogs(files.map((file) => JSON.parse(readFileSync(file, "utf8")) as Catalog));
}

function messageAt(catalog: Catalog, id: string): string {
  return id
    .split(".")
    .reduce<Catalog | string>((at, key) => (at as Catalog)[key] as Catalog | string, catalog) as string;
}

const english = catalogOf("en");
const englishIds = messageIds(english);

describe("message catalogs", () => {
  for (const locale of LOCALES) {
    it(`${locale} has every message English has, and no other`, () => {
      expect(messageIds(catalogOf(locale)).sort()).toEqual([...englishIds].sort());
    });

    it(`${locale}'s messages are valid ICU messages`, () => {
      const catalog = catalogOf(locale);
      for (const id of englishIds) {
        expect(() => new IntlMessageFormat(messageAt(catalog, id), locale), id).not.toThrow();
      }
    });
  }

  it("every badge has a name and a description", () => {
    for (const { id } of ACHIEVEMENTS) {
      expect(englishIds, id).toEqual(expect.arrayContaining([`badges.${id}.name`, `badges.${id}.description`]));
    }
  });

  it("every server error code has a text", () => {
    for (const code of Object.keys(ERROR_STATUS) as ErrorCode[])
      expect(englishIds, code).toContain(`errors.code.${code}`);
  });

  it("every message id the app names exists", () => {
    const named = filesUnder(WEB_SRC, ".svelte")
      .concat(filesUnder(WEB_SRC, ".ts"))
      .flatMap((file) =>
        [...readFileSync(file, "utf8").matchAll(/(?:\$t|translate)\(\s*"([\w.]+)"/g)].map((m) => m[1]),
      );
    const missing = [...new Set(named)].filter((id) => id !== undefined && !englishIds.includes(id));
    expect(missing).toEqual([]);
  });
});

describe("components show only translated text", () => {
  for (const file of filesUnder(WEB_SRC, ".svelte")) {
    it(relative(WEB_SRC, file), () => {
      expect(untranslatedTexts(readFileSync(file, "utf8"))).toEqual([]);
    });
  }
});
