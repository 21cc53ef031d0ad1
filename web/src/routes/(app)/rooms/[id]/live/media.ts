import type { Attachment } from "svelte/attachments";

/**
 * Plays one track in a `<video>` or `<audio>` element for as long as it is attached. Playback the
 * browser refuses (autoplay with sound before any click) is reported, so the page can offer a button.
 */
export function playTrack(track: MediaStreamTrack | null, onBlocked?: () => void): Attachment<HTMLMediaElement> {
  return (element) => {
    if (!track) return;
    element.srcObject = new MediaStream([track]);
    element.play().catch((error: unknown) => {
      if (error instanceof DOMException && error.name === "NotAllowedError") onBlocked?.();
    });
    return () => {
      element.srcObject = null;
    };
  };
}
