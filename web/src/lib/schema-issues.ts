import { SCHEMA_MESSAGES, type SchemaMessageKey } from "@chalkline/shared";
import type { z } from "zod";
import { translate } from "$lib/i18n";

const KEY_OF_MESSAGE = new Map<string, SchemaMessageKey>(
  Object.entries(SCHEMA_MESSAGES).map(([key, message]) => [message, key as SchemaMessageKey]),
);

/** What is wrong with a field, as the shared schema found it, in the page's language. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const key = KEY_OF_MESSAGE.get(issue.message);
  if (key) return translate(`issues.${key}`);
  switch (issue.code) {
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "string")
        return min <= 1 ? translate("issues.required") : translate("issues.tooShort", { values: { min } });
      return translate(issue.origin === "array" ? "issues.tooFew" : "issues.tooLow", { values: { min } });
    }
    case "too_big": {
      const max = Number(issue.maximum);
      const id =
        issue.origin === "string" ? "issues.tooLong" : issue.origin === "array" ? "issues.tooMany" : "issues.tooHigh";
      return translate(id, { values: { max } });
    }
    case "invalid_format":
      return translate(issue.format === "url" ? "issues.webAddress" : "issues.invalid");
    default:
      return translate("issues.invalid");
  }
}
