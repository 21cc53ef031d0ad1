import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { type ApiAnswer, api } from "./clients";

type Schema = Record<string, unknown>;
interface Answer {
  content?: Record<string, { schema: Schema }>;
}
interface Document {
  paths: Record<string, Record<string, { responses: Record<string, Answer> }>>;
  components: Schema;
}

/** The served OpenAPI document of a node, compiled once, checking answers against it. */
export class ApiDescription {
  readonly #doc: Document;
  readonly #ajv = new Ajv2020({ strict: false, allErrors: true });
  readonly #validators = new Map<string, ValidateFunction>();
  /** Templates with fewer parameters first, so `/leaderboards/improved` wins over `/leaderboards/{scope}`. */
  readonly #templates: Array<{ path: string; pattern: RegExp }>;
  /** Every "METHOD /template status" an answer was checked against. */
  readonly checked = new Set<string>();

  private constructor(doc: Document) {
    this.#doc = doc;
    addFormats(this.#ajv);
    this.#templates = Object.keys(doc.paths)
      .map((path) => ({ path, pattern: new RegExp(`^${path.replace(/\{\w+\}/g, "[^/]+")}$`) }))
      .sort((a, b) => a.path.split("{").length - b.path.split("{").length);
  }

  static async load(baseUrl: string): Promise<ApiDescription> {
    const answer = await api<Document>(baseUrl, "GET", "/api/openapi.json");
    if (answer.status !== 200) throw new Error(`GET /api/openapi.json: ${answer.status}`);
    return new ApiDescription(answer.body);
  }

  /** Throws, saying where, unless the document describes this answer's status and its body fits the schema. */
  check(method: string, url: string, answer: ApiAnswer): void {
    const path = url.split("?")[0] ?? url;
    const template = this.#templates.find((t) => t.pattern.test(path))?.path;
    const operation = template && this.#doc.paths[template]?.[method.toLowerCase()];
    if (!template || !operation) throw new Error(`${method} ${path} is not in the API description`);
    const where = `${method} ${template} ${answer.status}`;
    const described = operation.responses[String(answer.status)];
    if (!described) throw new Error(`${where}: status not described; body ${JSON.stringify(answer.body)}`);
    this.checked.add(where);
    const json = described.content?.["application/json"];
    if (!json) {
      if (answer.body !== undefined && !described.content) throw new Error(`${where}: described as empty, has a body`);
      return;
    }
    const validate = this.#validator(where, json.schema);
    if (!validate(answer.body)) {
      const errors = this.#ajv.errorsText(validate.errors, { separator: "\n  " });
      throw new Error(
        `${where}: the answer does not fit its schema:\n  ${errors}\nbody: ${JSON.stringify(answer.body)}`,
      );
    }
  }

  /** `api()` whose every answer is checked first. */
  readonly api: typeof api = async (baseUrl, method, path, opts) => {
    const answer = await api(baseUrl, method, path, opts);
    this.check(method, path, answer);
    return answer;
  };

  #validator(key: string, schema: Schema): ValidateFunction {
    let validate = this.#validators.get(key);
    if (!validate) {
      // The schema's `#/components/...` references resolve inside the schema compiled.
      validate = this.#ajv.compile({ ...schema, components: this.#doc.components });
      this.#validators.set(key, validate);
    }
    return validate;
  }
}
