import type { DownloadUrl, LessonBody, LessonEditView, LessonView, UploadTicket, UploadView } from "@chalkline/shared";
import { expect, it } from "vitest";
import { api, type TestAccount } from "../helpers/clients";
import { buildCourse, courseNode, enrolledLearner, expectStatus, registerInstructor } from "../helpers/courses";

const server = courseNode();

const VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHello and welcome.\n";

/** A confirmed upload of `purpose` for `courseId`, holding `text`. */
async function uploadFile(
  account: TestAccount,
  courseId: string,
  purpose: string,
  contentType: string,
  text: string,
): Promise<UploadView> {
  const bytes = new TextEncoder().encode(text);
  const ticket = expectStatus(
    await api<UploadTicket>(server.url, "POST", "/api/uploads", {
      token: account.accessToken,
      body: { purpose, contentType, size: bytes.length, fileName: "captions.vtt", courseId },
    }),
    201,
    "presign",
  );
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.fields)) form.append(name, value);
  form.append("file", new Blob([bytes], { type: contentType }), "captions.vtt");
  expect((await fetch(ticket.url, { method: "POST", body: form })).status).toBe(204);
  return expectStatus(
    await api<UploadView>(server.url, "POST", "/api/uploads/confirm", {
      token: account.accessToken,
      body: { key: ticket.upload.key },
    }),
    200,
    "confirm",
  );
}

const video = (captions: unknown[]): LessonBody =>
  ({
    title: "Watch",
    content: { kind: "video", url: "https://cdn.example.com/intro.mp4", notes: "", captions },
  }) as LessonBody;

it("a video lesson names its course's WebVTT captions, and an enrolled learner downloads them", async () => {
  const built = await buildCourse(server.url, server.instructor, [video([])]);
  const courseId = built.course.id;
  const lessonId = built.lessons[0]!.id;
  const captions = await uploadFile(server.instructor, courseId, "lesson_captions", "text/vtt", VTT);
  const tracks = [{ uploadId: captions.id, language: "en", label: "English" }];

  const saved = expectStatus(
    await api<LessonEditView>(server.url, "PUT", `/api/courses/${courseId}/lessons/${lessonId}`, {
      token: server.instructor.accessToken,
      body: video(tracks),
    }),
    200,
    "save captions",
  );
  expect(saved.content).toMatchObject({ kind: "video", captions: tracks });

  const learner = await enrolledLearner(server.url, courseId);
  const seen = expectStatus(
    await api<LessonView>(server.url, "GET", `/api/courses/${courseId}/lessons/${lessonId}`, {
      token: learner.accessToken,
    }),
    200,
    "lesson",
  );
  expect(seen.content).toMatchObject({ kind: "video", captions: tracks });
  const link = expectStatus(
    await api<DownloadUrl>(server.url, "GET", `/api/uploads/${captions.id}/url`, { token: learner.accessToken }),
    200,
    "captions url",
  );
  const file = await fetch(link.url);
  expect(file.headers.get("content-type")).toBe("text/vtt");
  expect(await file.text()).toBe(VTT);
});

it("captions must be a WebVTT file confirmed for the same course, in a language tag", async () => {
  const built = await buildCourse(server.url, server.instructor, [video([])]);
  const courseId = built.course.id;
  const path = `/api/courses/${courseId}/lessons/${built.lessons[0]!.id}`;
  const save = async (tracks: unknown[]) =>
    (await api(server.url, "PUT", path, { token: server.instructor.accessToken, body: video(tracks) })).body;

  // Only text/vtt is accepted for captions.
  const notVtt = await api(server.url, "POST", "/api/uploads", {
    token: server.instructor.accessToken,
    body: { purpose: "lesson_captions", contentType: "text/plain", size: 10, fileName: "c.txt", courseId },
  });
  expect(notVtt.status).toBe(400);

  // A course material is not a captions file.
  const material = await uploadFile(server.instructor, courseId, "lesson_attachment", "text/plain", "notes");
  expect(await save([{ uploadId: material.id, language: "en", label: "English" }])).toMatchObject({
    error: { code: "invalid_payload" },
  });

  // Another course's captions file is refused, though the same instructor owns it.
  const other = await buildCourse(server.url, server.instructor, [video([])]);
  const elsewhere = await uploadFile(server.instructor, other.course.id, "lesson_captions", "text/vtt", VTT);
  expect(await save([{ uploadId: elsewhere.id, language: "en", label: "English" }])).toMatchObject({
    error: { code: "invalid_payload" },
  });

  const own = await uploadFile(server.instructor, courseId, "lesson_captions", "text/vtt", VTT);
  expect(await save([{ uploadId: own.id, language: "not a tag", label: "English" }])).toMatchObject({
    error: { code: "invalid_payload" },
  });
  expect(
    await save([
      { uploadId: own.id, language: "en", label: "English" },
      { uploadId: own.id, language: "es", label: "Español" },
    ]),
  ).toMatchObject({ error: { code: "invalid_payload" } });
  expect(await save([{ uploadId: own.id, language: "pt-BR", label: "Português" }])).toMatchObject({
    content: { captions: [{ language: "pt-BR" }] },
  });
});

it("only the course's editors upload its captions", async () => {
  const built = await buildCourse(server.url, server.instructor, [video([])]);
  const stranger = await registerInstructor(server.url);
  const refused = await api(server.url, "POST", "/api/uploads", {
    token: stranger.accessToken,
    body: {
      purpose: "lesson_captions",
      contentType: "text/vtt",
      size: 10,
      fileName: "c.vtt",
      courseId: built.course.id,
    },
  });
  expect(refused.status).toBe(403);
});
