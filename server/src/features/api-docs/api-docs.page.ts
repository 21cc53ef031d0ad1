import type { JsonSchema } from "./api-docs.schemas";

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A schema as indented JSON, its references to components turned into links to them. */
const schemaHtml = (schema: unknown) =>
  `<pre>${escapeHtml(JSON.stringify(schema, null, 2)).replace(
    /&quot;#\/components\/schemas\/(\w+)&quot;/g,
    '<a href="#schema-$1">$1</a>',
  )}</pre>`;

interface Operation {
  tags: string[];
  summary: string;
  description?: string;
  security: Array<Record<string, unknown>>;
  parameters: Array<{ name: string; in: string; required: boolean; schema: unknown }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
}

/**
 * `/api/docs`: the OpenAPI document as one readable page, rendered on the server (no script, nothing
 * fetched from elsewhere): operations by tag, then the shared schemas they refer to.
 */
export function docsPage(doc: JsonSchema): string {
  const info = doc.info as { title: string; description: string };
  const tags = doc.tags as Array<{ name: string; description: string }>;
  const paths = doc.paths as Record<string, Record<string, Operation>>;
  const schemas = (doc.components as { schemas: Record<string, unknown> }).schemas;
  const sections = tags.map((tag) => {
    const ops = Object.entries(paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, op]) => op.tags.includes(tag.name))
        .map(([method, op]) => operationHtml(method, path, op)),
    );
    return `<section id="tag-${tag.name}"><h2>${escapeHtml(tag.name)}</h2><p>${escapeHtml(tag.description)}</p>${ops.join("")}</section>`;
  });
  const components = Object.entries(schemas).map(
    ([name, schema]) => `<section id="schema-${name}"><h3>${name}</h3>${schemaHtml(schema)}</section>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(info.title)}</title>
<style>${STYLE}</style></head><body>
<h1>${escapeHtml(info.title)}</h1><p>${escapeHtml(info.description)}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1), <a href="/api/asyncapi.json">/api/asyncapi.json</a> (AsyncAPI 3, Socket.IO).</p>
<nav>${tags.map((t) => `<a href="#tag-${t.name}">${escapeHtml(t.name)}</a>`).join(" · ")} · <a href="#schemas">schemas</a></nav>
${sections.join("\n")}
<h2 id="schemas">Schemas</h2>${components.join("\n")}
</body></html>`;
}

function operationHtml(method: string, path: string, op: Operation): string {
  const auth = op.security.length === 0 ? "no authentication" : Object.keys(op.security[0] ?? {}).join(", ");
  const params = op.parameters.map(
    (p) =>
      `<li><code>${escapeHtml(p.name)}</code> (${p.in}${p.required ? ", required" : ""}) ${schemaHtml(p.schema)}</li>`,
  );
  const body = op.requestBody && Object.values(op.requestBody.content)[0];
  const answers = Object.entries(op.responses).map(([status, r]) => {
    // Error answers all share ErrorBody; their codes (the description) are what differs.
    const content = status.startsWith("2") && r.content && Object.values(r.content)[0];
    return `<li><b>${status}</b> ${escapeHtml(r.description)}${content ? schemaHtml(content.schema) : ""}</li>`;
  });
  return `<details><summary><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code> — ${escapeHtml(op.summary)}</summary>
<p>Auth: ${escapeHtml(auth)}. ${escapeHtml(op.description ?? "")}</p>
${params.length > 0 ? `<h4>Parameters</h4><ul>${params.join("")}</ul>` : ""}
${body ? `<h4>Body</h4>${schemaHtml(body.schema)}` : ""}
<h4>Answers</h4><ul>${answers.join("")}</ul></details>`;
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#1d2330}
details{border:1px solid #d8dde6;border-radius:6px;margin:.4rem 0;padding:.3rem .7rem}
summary{cursor:pointer}pre{background:#f4f6f9;padding:.5rem;overflow:auto;font-size:12px;max-height:24rem}
.m{display:inline-block;min-width:4.2rem;font-weight:600}.get{color:#1b6ac9}.post{color:#1c8a4a}
.put,.patch{color:#a86a00}.delete{color:#c02b2b}nav{margin:1rem 0}`;
