import { DOC_TYPES, type Shape } from "@chalkline/shared";
import * as Y from "yjs";
import { YDocRecord, YUpdateRecord } from "../features/collab/collab.model";

const FIZZBUZZ_PY = `for n in range(1, 21):
    if n % 15 == 0:
        print("FizzBuzz")
    elif n % 3 == 0:
        print("Fizz")
    elif n % 5 == 0:
        print("Buzz")
    else:
        print(n)
`;

/**
 * The class room's workspace as the first listing would create it (a code file and a whiteboard),
 * with content written as the collaboration server stores edits: one Yjs update per change in the
 * update log, which loading merges and compaction later folds into the snapshot.
 */
export async function seedDemoWorkspace(roomId: string, authorId: string): Promise<void> {
  const [code, board] = await YDocRecord.insertMany([
    { roomId, kind: "code", name: "main.py", language: "python" },
    { roomId, kind: "board", name: "Whiteboard" },
  ]);
  const updates = [
    ...editsOf((doc) => doc.getText(DOC_TYPES.codeText).insert(0, FIZZBUZZ_PY)).map((u) => ({ docId: code!._id, u })),
    ...editsOf((doc) => {
      const shapes = doc.getMap<Shape>(DOC_TYPES.boardShapes);
      for (const shape of boardShapes(authorId)) shapes.set(shape.id, shape);
    }).map((u) => ({ docId: board!._id, u })),
  ];
  await YUpdateRecord.insertMany(updates.map(({ docId, u }) => ({ docId, update: Buffer.from(u), node: "seed" })));
}

/** The updates a change makes to a fresh document, as a connected editor would send them. */
function editsOf(change: (doc: Y.Doc) => void): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  doc.transact(() => change(doc));
  doc.destroy();
  return updates;
}

/** A worked FizzBuzz on the board: a title, the rule on a sticky, and a box around the loop. */
function boardShapes(authorId: string): Shape[] {
  const base = { authorId };
  return [
    {
      ...base,
      id: "seed-title",
      type: "text",
      x: 40,
      y: 30,
      w: 360,
      h: 40,
      text: "FizzBuzz, step by step",
      color: "#1e3a8a",
      z: 1,
    },
    {
      ...base,
      id: "seed-rule",
      type: "sticky",
      x: 40,
      y: 100,
      w: 220,
      h: 140,
      text: "÷3 → Fizz\n÷5 → Buzz\n÷15 → FizzBuzz\n(test 15 first!)",
      color: "#fde68a",
      z: 2,
    },
    { ...base, id: "seed-box", type: "rect", x: 300, y: 100, w: 260, h: 140, color: "#0f766e", z: 3 },
    {
      ...base,
      id: "seed-loop",
      type: "text",
      x: 320,
      y: 150,
      w: 220,
      h: 40,
      text: "for n in 1…20",
      color: "#0f766e",
      z: 4,
    },
    {
      ...base,
      id: "seed-arrow",
      type: "line",
      x: 260,
      y: 170,
      w: 40,
      h: 0,
      points: [0, 0, 40, 0],
      color: "#334155",
      z: 5,
    },
  ];
}
