import type { LivePermissions, RoomKind } from "@chalkline/shared";

export interface Standing {
  kind: RoomKind;
  /** The room's media is open (a class is live, or it is a study room). */
  open: boolean;
  /** Instructor of the class, owner of the study room, or an admin. */
  isHost: boolean;
  onStage: boolean;
  hardMuted: boolean;
}

const NOTHING: LivePermissions = { camera: false, mic: false, screen: false };

/**
 * What a participant may publish: hosts always; in a study or breakout room everyone; in a class
 * room a learner only on stage. A hard mute takes learners' microphones, never the host's.
 */
export function permissionsFor(s: Standing): LivePermissions {
  if (!s.open || (s.kind !== "class" && s.kind !== "study" && s.kind !== "breakout")) return NOTHING;
  if (s.isHost) return { camera: true, mic: true, screen: true };
  if (s.kind === "class" && !s.onStage) return NOTHING;
  return { camera: true, mic: !s.hardMuted, screen: true };
}
