import { describe, expect, it } from "vitest";
import { LocaleGate } from "./locale-gate";

/** A render that records when it starts and ends, and finishes when told to. */
function recorder() {
  const log: string[] = [];
  const finishers = new Map<string, () => void>();
  const render = (name: string) => () => {
    log.push(`start ${name}`);
    return new Promise<void>((resolve) => {
      finishers.set(name, () => {
        log.push(`end ${name}`);
        resolve();
      });
    });
  };
  const finish = async (name: string) => {
    finishers.get(name)!();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { log, render, finish };
}

describe("LocaleGate", () => {
  it("runs renders of one language together and keeps another language's apart", async () => {
    const gate = new LocaleGate<string>();
    const { log, render, finish } = recorder();
    const done = [
      gate.run("es", render("es1")),
      gate.run("es", render("es2")),
      gate.run("ar", render("ar1")),
      // Arrives behind a waiting language: waits its turn rather than overtaking it.
      gate.run("es", render("es3")),
      gate.run("ar", render("ar2")),
    ];
    await new Promise((r) => setTimeout(r, 0));
    expect(log).toEqual(["start es1", "start es2"]);
    await finish("es1");
    expect(log).not.toContain("start ar1");
    await finish("es2");
    expect(log.slice(4)).toEqual(["start ar1", "start ar2"]);
    await finish("ar1");
    await finish("ar2");
    expect(log.slice(8)).toEqual(["start es3"]);
    await finish("es3");
    await Promise.all(done);
  });

  it("lets the next language in when a render fails", async () => {
    const gate = new LocaleGate<string>();
    await expect(gate.run("es", () => Promise.reject(new Error("load failed")))).rejects.toThrow("load failed");
    await expect(gate.run("ar", async () => "rendered")).resolves.toBe("rendered");
  });
});
