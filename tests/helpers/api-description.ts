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

export interface Message {
  name: string;
  payload?: Schema;
}
interface Operation {
  action: "send" | "receive";
  messages: Array<{ $ref: string }>;
  reply?: { messages: Array<{ $ref: string }> };
}
interface AsyncDocument {
  channels: { socket: { messages: Record<string, Message> } };
  operations: Record<string, Operation>;
  components: Schema;
}

/** The served AsyncAPI document of a node: the Socket.IO commands, their acks and the events, checking values against it. */
export class SocketDescription {
  readonly #doc: AsyncDocument;
  readonly #ajv = new Ajv2020({ strict: false, allErrors: true });
  readonly #validators = new Map<string, ValidateFunction>();
  /** Every "event" and "command ack" a value was checked against. */
  readonly checked = new Set<string>();
  /** Each command with its payload message and its ack message (null: no ack), and each event's message. */
  readonly contract: { commands: Array<{ payload: Message; ack: Message | null }>; events: Message[] };

  private constructor(doc: AsyncDocument) {
    this.#doc = doc;
    addFormats(this.#ajv);
    const message = ({ $ref }: { $ref: string }) => {
      const found = doc.channels.socket.messages[$ref.split("/").at(-1) ?? ""];
      if (!found) throw new Error(`${$ref} is not in the document`);
      return found;
    };
    const operations = Object.values(doc.operations);
    this.contract = {
      commands: operations
        .filter((op) => op.action === "send")
        .map((op) => ({ payload: message(op.messages[0]!), ack: op.reply ? message(op.reply.messages[0]!) : null })),
      events: operations.filter((op) => op.action === "receive").map((op) => message(op.messages[0]!)),
    };
  }

  static async load(baseUrl: string): Promise<SocketDescription> {
    const answer = await api<AsyncDocument>(baseUrl, "GET", "/api/asyncapi.json");
    if (answer.status !== 200) throw new Error(`GET /api/asyncapi.json: ${answer.status}`);
    return new SocketDescription(answer.body);
  }

  /** Throws, saying where, unless the ack of `command` fits its described ack. */
  checkAck(command: string, ack: unknown): void {
    const described = this.contract.commands.find((c) => c.payload.name === command)?.ack;
    if (!described) throw new Error(`${command} has no ack in the AsyncAPI document`);
    this.#check(described, ack);
  }

  /** Throws, saying where, unless the payload of the pushed `event` fits its description. */
  checkEvent(event: string, payload: unknown): void {
    const described = this.contract.events.find((e) => e.name === event);
    if (!described) throw new Error(`${event} is not in the AsyncAPI document`);
    this.#check(described, payload);
  }

  #check(message: Message, value: unknown): void {
    let validate = this.#validators.get(message.name);
    if (!validate) {
      validate = this.#ajv.compile({ ...message.payload, components: this.#doc.components });
      this.#validators.set(message.name, validate);
    }
    this.checked.add(message.name);
    if (!validate(value)) {
      const errors = this.#ajv.errorsText(validate.errors, { separator: "\n  " });
      throw new Error(`${message.name}: does not fit its schema:\n  ${errors}\nvalue: ${JSON.stringify(value)}`);
    }
  }
}
