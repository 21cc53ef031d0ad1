/**
 * The cameras and microphones this browser offers, the ones picked, and the tracks taken from
 * them. Labels stay empty until the person has allowed one of them once, so the lists are read
 * again after every capture and whenever a device is plugged in or out.
 */
import { browser } from "$app/environment";
import { translate } from "$lib/i18n";

export type CaptureKind = "camera" | "mic";

const STORAGE_KEYS: Record<CaptureKind, string> = {
  camera: "chalkline:live:camera",
  mic: "chalkline:live:mic",
};

/** 720p is plenty for the top simulcast layer; the two lower ones are scaled from it. */
const CAMERA_CONSTRAINTS: MediaTrackConstraints = {
  width: { ideal: 1280 },
  height: { ideal: 720 },
  frameRate: { ideal: 30, max: 30 },
};
const MIC_CONSTRAINTS: MediaTrackConstraints = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
};

export interface DeviceOption {
  id: string;
  label: string;
}

function remembered(kind: CaptureKind): string {
  if (!browser) return "";
  try {
    return localStorage.getItem(STORAGE_KEYS[kind]) ?? "";
  } catch {
    return "";
  }
}

export class CaptureDevices {
  cameras = $state.raw<DeviceOption[]>([]);
  mics = $state.raw<DeviceOption[]>([]);
  /** The picked device per kind; "" lets the browser choose. */
  selected = $state<Record<CaptureKind, string>>({ camera: remembered("camera"), mic: remembered("mic") });

  /** Starts following plugged and unplugged devices; returns the stop. */
  watch(): () => void {
    if (!browser || !navigator.mediaDevices) return () => {};
    const refresh = () => void this.refresh();
    navigator.mediaDevices.addEventListener("devicechange", refresh);
    refresh();
    return () => navigator.mediaDevices.removeEventListener("devicechange", refresh);
  }

  async refresh(): Promise<void> {
    if (!browser || !navigator.mediaDevices?.enumerateDevices) return;
    const all = await navigator.mediaDevices.enumerateDevices().catch(() => []);
    // A device without a label (no permission yet) is named by its place, in the page's language.
    const options = (kind: MediaDeviceKind, fallbackId: string) =>
      all
        .filter((device) => device.kind === kind && device.deviceId !== "")
        .map((device, index) => ({
          id: device.deviceId,
          label: device.label || translate(fallbackId, { values: { n: index + 1 } }),
        }));
    this.cameras = options("videoinput", "classroom.devices.cameraN");
    this.mics = options("audioinput", "classroom.devices.micN");
  }

  select(kind: CaptureKind, deviceId: string): void {
    this.selected[kind] = deviceId;
    try {
      localStorage.setItem(STORAGE_KEYS[kind], deviceId);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }

  /** A fresh track from the picked device (or the default one when that device is gone). */
  async capture(kind: CaptureKind): Promise<MediaStreamTrack> {
    if (!navigator.mediaDevices?.getUserMedia) throw new DOMException("no media devices", "NotSupportedError");
    const base = kind === "camera" ? CAMERA_CONSTRAINTS : MIC_CONSTRAINTS;
    const deviceId = this.selected[kind];
    const constraints = (id: string): MediaStreamConstraints => {
      const track = id ? { ...base, deviceId: { exact: id } } : base;
      return kind === "camera" ? { video: track } : { audio: track };
    };
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia(constraints(deviceId));
    } catch (error) {
      if (!deviceId || !(error instanceof DOMException && error.name === "OverconstrainedError")) throw error;
      this.select(kind, "");
      stream = await navigator.mediaDevices.getUserMedia(constraints(""));
    }
    void this.refresh();
    const [track] = kind === "camera" ? stream.getVideoTracks() : stream.getAudioTracks();
    if (!track) throw new DOMException("the device gave no track", "NotFoundError");
    return track;
  }

  /** The screen, a window or a tab, as the person picks it in the browser's own dialog. */
  async captureScreen(): Promise<MediaStreamTrack> {
    if (!navigator.mediaDevices?.getDisplayMedia) throw new DOMException("no screen capture", "NotSupportedError");
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15, max: 30 } } });
    const [track] = stream.getVideoTracks();
    if (!track) throw new DOMException("nothing was shared", "NotFoundError");
    // Text on a shared screen should stay sharp rather than smooth.
    track.contentHint = "detail";
    return track;
  }
}

/** Words for a capture that failed, naming what the person can do about it. */
export function describeCaptureError(error: unknown, what: "camera" | "microphone" | "screen"): string {
  const name = error instanceof DOMException ? error.name : "";
  const values = { what };
  switch (name) {
    case "NotAllowedError":
      return what === "screen"
        ? translate("classroom.media.screenBlocked")
        : translate("classroom.media.notAllowed", { values });
    case "NotFoundError":
    case "OverconstrainedError":
      return translate("classroom.media.notFound", { values });
    case "NotReadableError":
    case "AbortError":
      return translate("classroom.media.inUse", { values });
    case "NotSupportedError":
      return translate("classroom.media.unsupported", { values });
    default:
      return translate("classroom.media.failed", { values });
  }
}
