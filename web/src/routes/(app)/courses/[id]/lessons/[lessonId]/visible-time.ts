import { HEARTBEAT_MAX_SECONDS } from "@chalkline/shared";

/**
 * Reports, every `everyMs`, the whole seconds the page was visible since the last report, and once
 * more when the page is hidden or the tracker stops. Time in a background tab is not counted.
 */
export function trackVisibleTime(report: (seconds: number) => void, everyMs = 15_000): () => void {
  let visibleSince: number | null = document.visibilityState === "visible" ? Date.now() : null;
  let bankedMs = 0;
  const flush = () => {
    const now = Date.now();
    if (visibleSince !== null) {
      bankedMs += now - visibleSince;
      visibleSince = now;
    }
    const seconds = Math.floor(bankedMs / 1000);
    if (seconds < 1) return;
    bankedMs -= seconds * 1000;
    report(Math.min(seconds, HEARTBEAT_MAX_SECONDS));
  };
  const onVisibility = () => {
    if (document.visibilityState === "visible") {
      visibleSince = Date.now();
    } else {
      flush();
      visibleSince = null;
    }
  };
  document.addEventListener("visibilitychange", onVisibility);
  const timer = setInterval(flush, everyMs);
  return () => {
    flush();
    clearInterval(timer);
    document.removeEventListener("visibilitychange", onVisibility);
  };
}
