import { expect, it } from "vitest";
import { videoSource } from "./video";

it("embeds YouTube and Vimeo links in their players and plays anything else as a file", () => {
  const youtube = { kind: "iframe", provider: "YouTube", src: "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" };
  expect(videoSource("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10")).toEqual(youtube);
  expect(videoSource("https://youtu.be/dQw4w9WgXcQ")).toEqual(youtube);
  expect(videoSource("https://www.youtube.com/embed/dQw4w9WgXcQ")).toEqual(youtube);
  expect(videoSource("https://vimeo.com/76979871")).toEqual({
    kind: "iframe",
    provider: "Vimeo",
    src: "https://player.vimeo.com/video/76979871",
  });
  expect(videoSource("https://cdn.example.test/intro.mp4")).toEqual({
    kind: "file",
    src: "https://cdn.example.test/intro.mp4",
  });
  expect(videoSource("https://www.youtube.com/watch?v=short").kind).toBe("file");
});
