/** An absolute link into the web app; `fragment` stays in the browser (no server or proxy logs it). */
export function appLink(publicUrl: string, path: string, fragment?: string): string {
  const url = new URL(path, publicUrl);
  if (fragment) url.hash = fragment;
  return url.toString();
}
