/** How to show a lesson's video: YouTube and Vimeo in their players, any other address in `<video>`. */
export type VideoSource =
  | { kind: "iframe"; src: string; provider: "YouTube" | "Vimeo" }
  | { kind: "file"; src: string };

const YOUTUBE_HOSTS = new Set([
  "youtube.com",
  "www.youtube.com",
  "m.youtube.com",
  "youtu.be",
  "www.youtube-nocookie.com",
]);
const VIMEO_HOSTS = new Set(["vimeo.com", "www.vimeo.com", "player.vimeo.com"]);
const YOUTUBE_ID = /^[\w-]{11}$/;

export function videoSource(address: string): VideoSource {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return { kind: "file", src: address };
  }
  if (YOUTUBE_HOSTS.has(url.hostname)) {
    const id =
      url.hostname === "youtu.be"
        ? url.pathname.slice(1)
        : (url.searchParams.get("v") ?? url.pathname.match(/^\/(?:embed|shorts)\/([^/]+)/)?.[1] ?? "");
    // The privacy-enhanced player sets no cookies until the video plays.
    if (YOUTUBE_ID.test(id))
      return { kind: "iframe", provider: "YouTube", src: `https://www.youtube-nocookie.com/embed/${id}` };
  }
  if (VIMEO_HOSTS.has(url.hostname)) {
    const id = url.pathname.match(/(\d+)\/?$/)?.[1];
    if (id) return { kind: "iframe", provider: "Vimeo", src: `https://player.vimeo.com/video/${id}` };
  }
  return { kind: "file", src: url.href };
}
