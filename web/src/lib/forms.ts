/** The first path segment of every failed check in a zod error: which form fields need attention. */
export function invalidFields(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey> }> }): Set<string> {
  const fields = new Set<string>();
  for (const issue of error.issues) {
    const field = issue.path[0];
    if (typeof field === "string") fields.add(field);
  }
  return fields;
}
