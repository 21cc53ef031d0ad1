import * as shared from "@chalkline/shared";
import { z } from "zod";

export type JsonSchema = Record<string, unknown>;

const COMPONENTS = "#/components/schemas/";

/**
 * Every zod schema `shared` exports, named after its export (`userViewSchema` → `UserView`), so an
 * answer that nests one refers to a single component instead of repeating it.
 */
function sharedRegistry() {
  const registry = z.registry<{ id: string }>();
  for (const [name, value] of Object.entries(shared)) {
    if (value instanceof z.ZodType && name.endsWith("Schema")) {
      registry.add(value, { id: name.charAt(0).toUpperCase() + name.slice(1, -"Schema".length) });
    }
  }
  return registry;
}

/**
 * Turns zod schemas into the JSON Schema (2020-12) that OpenAPI 3.1 and AsyncAPI 3 embed, collecting
 * the named shared schemas it meets as components. Answers are described as the server writes them
 * (`io: "output"`, unknown fields refused); bodies and queries as clients may send them (`io: "input"`:
 * defaults make fields optional), inline, since a schema's input and output differ and one name can
 * hold only one of them.
 */
export class SchemaConverter {
  readonly components: Record<string, JsonSchema> = {};
  readonly #registry = sharedRegistry();

  output(schema: z.ZodType): JsonSchema {
    const { $defs, ...json } = this.#convert(schema, "output", this.#registry);
    for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      this.components[id] ??= toComponentRefs(def);
    }
    return toComponentRefs(json);
  }

  input(schema: z.ZodType): JsonSchema {
    return this.#convert(schema, "input", z.registry<{ id: string }>());
  }

  #convert(schema: z.ZodType, io: "input" | "output", metadata: z.core.$ZodRegistry<{ id: string }>): JsonSchema {
    // Refinements and transforms have no JSON Schema; what they check is left to the server's answer.
    const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
      io,
      metadata,
      target: "draft-2020-12",
      unrepresentable: "any",
      // `metadata` stands in for the global registry, where `.describe()` keeps its text: bring that along.
      override: ({ zodSchema, jsonSchema }) => {
        const description = z.globalRegistry.get(zodSchema)?.description;
        if (description) jsonSchema.description ??= description;
      },
    }) as JsonSchema;
    return json;
  }
}

/** Inside a larger document, `#/$defs/X` would point at that document's root. */
function toComponentRefs<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', `"${COMPONENTS}`)) as T;
}
