import type { RoomView } from "@chalkline/shared";
import { afterAll, describe, expect, it } from "vitest";
import { useLocale } from "./i18n";
import { roomTitle } from "./rooms";

const room = (fields: Partial<RoomView>) => ({ name: "Lobby", kind: "lobby", peer: null, ...fields }) as RoomView;

describe("roomTitle", () => {
  afterAll(() => useLocale("en"));

  it("names the lobby in the page's language, and other rooms as they were named", async () => {
    expect(roomTitle(room({}))).toBe("Lobby");
    await useLocale("es");
    expect(roomTitle(room({}))).toBe("Vestíbulo");
    expect(roomTitle(room({ kind: "class", name: "Algebra 1" }))).toBe("Algebra 1");
  });

  it("names a direct conversation after the other person", () => {
    const peer = { id: "p", displayName: "Bea" } as RoomView["peer"];
    expect(roomTitle(room({ kind: "dm", name: "dm:1:2", peer }))).toBe("Bea");
  });
});
