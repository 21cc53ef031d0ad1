import { describe, expect, it } from "vitest";
import { csvLine } from "./csv";

describe("csvLine", () => {
  it("joins plain fields with commas and ends the row with CRLF", () => {
    expect(csvLine(["a", 1, "b c"])).toBe("a,1,b c\r\n");
  });

  it("quotes fields holding commas, quotes or line breaks, doubling quotes", () => {
    expect(csvLine(['say "hi"', "a,b", "two\nlines"])).toBe('"say ""hi""","a,b","two\nlines"\r\n');
  });

  it("defuses text a spreadsheet would run as a formula, but not negative numbers", () => {
    expect(csvLine(["=HYPERLINK(1)", "+1", "@x", -5])).toBe("'=HYPERLINK(1),'+1,'@x,-5\r\n");
  });
});
