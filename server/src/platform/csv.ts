/**
 * One CSV row (RFC 4180, CRLF-terminated). A text field a spreadsheet would read as a formula
 * (`=`, `+`, `-`, `@`, tab, CR first) gets a leading apostrophe, so an exported name cannot run as one.
 */
export function csvLine(fields: ReadonlyArray<string | number>): string {
  return `${fields
    .map((field) => {
      let text = String(field);
      if (/^[=+\-@\t\r]/.test(text) && typeof field === "string") text = `'${text}`;
      return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(",")}\r\n`;
}
