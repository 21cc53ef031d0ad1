import type { RunnableLanguage, SharedRun } from "@chalkline/shared";
import type * as Y from "yjs";
import { publishRun, watchLastRun } from "./last-run";
import { BrowserSandbox } from "./runner";

/** One sandbox for the whole page: its workers (and Pyodide, once loaded) serve every document. */
let sandbox: BrowserSandbox | null = null;

/** Runs a shared code document in the browser and shows everyone in the room its last run. */
export class DocRun {
  running = $state(false);
  last = $state.raw<SharedRun | null>(null);
  #unwatch: () => void;

  constructor(
    private readonly doc: Y.Doc,
    private readonly language: RunnableLanguage,
    private readonly me: { id: string; name: string },
  ) {
    this.#unwatch = watchLastRun(doc, (run) => {
      this.last = run;
    });
  }

  async run(code: string): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      sandbox ??= new BrowserSandbox();
      const { output } = await sandbox.run(this.language, code);
      const run: SharedRun = { language: this.language, output, by: this.me, at: new Date().toISOString() };
      this.last = run;
      // A read-only member's write is dropped by the server; they still see their own run here.
      publishRun(this.doc, run);
    } finally {
      this.running = false;
    }
  }

  destroy(): void {
    this.#unwatch();
  }
}
