import { parse } from "svelte/compiler";

/** Attributes whose text a person reads or hears: they must come from the message catalogs. */
const READ_ATTRIBUTE =
  /^(aria-(label|description|roledescription|valuetext|placeholder)|title|placeholder|alt|label|.+Label|.+Title|heading|description|hint|message|summary|caption|text|.+Text)$/;
/** Elements whose text is not prose: keys of a keyboard, code. */
const VERBATIM_ELEMENTS = new Set(["kbd", "code", "pre", "style", "script"]);
/** Functions that take a message id first: the id is not shown text. */
const TRANSLATORS = new Set(["$t", "translate"]);
const HAS_LETTERS = /\p{L}/u;

type Node = { type: string; [key: string]: unknown };

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && typeof (value as Node).type === "string";
}

/** Literal strings with letters an expression would show (comparisons and message ids excluded). */
function shownLiterals(expression: unknown, found: string[]): void {
  if (Array.isArray(expression)) {
    for (const part of expression) shownLiterals(part, found);
    return;
  }
  if (!isNode(expression)) return;
  switch (expression.type) {
    case "Literal":
      if (typeof expression.value === "string" && HAS_LETTERS.test(expression.value)) found.push(expression.value);
      return;
    case "TemplateLiteral":
      for (const quasi of expression.quasis as Node[]) {
        const text = (quasi.value as { cooked: string }).cooked;
        if (HAS_LETTERS.test(text)) found.push(text);
      }
      shownLiterals(expression.expressions, found);
      return;
    case "CallExpression": {
      const callee = expression.callee as Node;
      if (callee.type === "Identifier" && TRANSLATORS.has(callee.name as string)) return;
      shownLiterals(expression.arguments, found);
      return;
    }
    case "BinaryExpression":
      // `role === "admin"` compares; it shows nothing.
      return;
    case "ConditionalExpression":
      shownLiterals([expression.consequent, expression.alternate], found);
      return;
    case "LogicalExpression":
      shownLiterals(expression.right, found);
      return;
    default:
      return;
  }
}

function attributeTexts(attribute: Node, found: string[]): void {
  if (attribute.type !== "Attribute" || !READ_ATTRIBUTE.test(attribute.name as string)) return;
  const value = attribute.value;
  const parts = Array.isArray(value) ? value : isNode(value) ? [value] : [];
  for (const part of parts as Node[]) {
    if (part.type === "Text" && HAS_LETTERS.test(part.data as string)) found.push((part.data as string).trim());
    if (part.type === "ExpressionTag") shownLiterals(part.expression, found);
  }
}

function visit(node: unknown, found: string[]): void {
  if (Array.isArray(node)) {
    for (const child of node) visit(child, found);
    return;
  }
  if (!isNode(node)) return;
  if (node.type === "Text") {
    if (HAS_LETTERS.test(node.data as string)) found.push((node.data as string).trim());
    return;
  }
  if (node.type === "ExpressionTag") {
    shownLiterals(node.expression, found);
    return;
  }
  if (node.type === "RegularElement" && VERBATIM_ELEMENTS.has(node.name as string)) return;
  if (Array.isArray(node.attributes))
    for (const attribute of node.attributes as Node[]) attributeTexts(attribute, found);
  for (const [key, value] of Object.entries(node)) {
    if (key === "attributes" || key === "expression" || key === "test" || key === "context") continue;
    if (typeof value === "object") visit(value, found);
  }
}

/** Text a component shows that does not come from the message catalogs. */
export function untranslatedTexts(source: string): string[] {
  const found: string[] = [];
  visit(parse(source, { modern: true }).fragment, found);
  return found;
}
