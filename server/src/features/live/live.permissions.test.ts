import { describe, expect, it } from "vitest";
import { permissionsFor, type Standing } from "./live.permissions";

const base: Standing = { kind: "class", open: true, isHost: false, onStage: false, hardMuted: false };
const all = { camera: true, mic: true, screen: true };
const none = { camera: false, mic: false, screen: false };

describe("live permissions", () => {
  it("lets the host publish everything, even under a hard mute", () => {
    expect(permissionsFor({ ...base, isHost: true, hardMuted: true })).toEqual(all);
  });
  it("lets a class learner publish only on stage, and takes the mic under a hard mute", () => {
    expect(permissionsFor(base)).toEqual(none);
    expect(permissionsFor({ ...base, onStage: true })).toEqual(all);
    expect(permissionsFor({ ...base, onStage: true, hardMuted: true })).toEqual({ ...all, mic: false });
  });
  it("lets everyone in a study room or a breakout room publish", () => {
    expect(permissionsFor({ ...base, kind: "study" })).toEqual(all);
    expect(permissionsFor({ ...base, kind: "breakout" })).toEqual(all);
  });
  it("allows nothing while the media is closed, or in rooms without media", () => {
    expect(permissionsFor({ ...base, isHost: true, open: false })).toEqual(none);
    expect(permissionsFor({ ...base, isHost: true, kind: "dm" })).toEqual(none);
  });
});
