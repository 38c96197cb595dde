// Checks every `#graphql` document in the app against Shopify's Admin schema (the file
// named by SHOPIFY_ADMIN_SCHEMA, default graphql/admin-2026-10.graphql): it must parse,
// validate, have a unique PascalCase operation name, sit where codegen reads it, and the
// committed generated types must match a fresh codegen run. Exit code 1 on any problem.
//
// Fields several documents read are written once, as a fragment document (a constant holding
// one `fragment … on …` and nothing else), and spread into an operation that ends with
// `${THE_FRAGMENT}` (the operation `as const`, so TypeScript keeps its text as the key of the
// generated types; codegen resolves the constant by name). An operation is checked with the
// fragments it interpolates; any other `${...}` is refused.
//
//   npm run graphql:check            (add --skip-codegen to skip the freshness check)
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { buildSchema, GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from "graphql";
import ts from "typescript";
import { resolveAdminSchemaPath } from "../app/shopify/schema-path";

export interface SourceFile {
  /** Path as shown in messages (relative to the project root). */
  file: string;
  text: string;
}

export interface ExtractedDocument {
  file: string;
  /** 1-based line of the opening backtick. */
  line: number;
  column: number;
  text: string;
  interpolated: boolean;
  /** The constant the literal is assigned to (`const NAME = \`#graphql …\``), if any. */
  name?: string;
  /** What each `${...}` holds, as source text (a fragment document's constant name when valid). */
  interpolations: string[];
}

export interface Problem {
  file: string;
  line: number;
  column?: number;
  message: string;
}

export const SCAN_ROOTS = ["app", "extensions"];
/** Where codegen reads documents (.graphqlrc.ts); documents elsewhere get no types. */
export const TYPED_ROOT = "app/shopify/";
export const GENERATED_DIR = "app/shopify/types";
const SKIP_DIRS = new Set(["node_modules", "generated", "types", "build", "dist", ".cache"]);
const SOURCE_EXT = /\.(ts|tsx|js|jsx|mjs|cjs)$/;
const TEST_FILE = /\.test\.(ts|tsx|js|jsx)$/;

/** Every `#graphql` template literal in one source file, found with the TypeScript parser. */
export function extractGraphqlDocuments(source: SourceFile): ExtractedDocument[] {
  const kind = source.file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(source.file, source.text, ts.ScriptTarget.Latest, true, kind);
  const found: ExtractedDocument[] = [];
  const visit = (node: ts.Node) => {
    let text: string | undefined;
    let interpolations: string[] = [];
    if (ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateExpression(node)) {
      text = node.head.text + node.templateSpans.map((s) => `\${...}${s.literal.text}`).join("");
      interpolations = node.templateSpans.map((s) => s.expression.getText(sf));
    }
    if (text !== undefined && /^\s*#graphql\b/.test(text)) {
      const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      const name = declaredName(node);
      found.push({ file: source.file, line: line + 1, column: character + 1, text, interpolated: interpolations.length > 0, interpolations, ...(name ? { name } : {}) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** `const NAME = \`…\`` or `const NAME = \`…\` as const`: the constant's name. */
function declaredName(node: ts.Node): string | undefined {
  let parent = node.parent;
  if (parent && ts.isAsExpression(parent)) parent = parent.parent;
  return parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) ? parent.name.text : undefined;
}

/** A document that holds fragment definitions only (no operation): spread into operations. */
function isFragmentDocument(doc: ExtractedDocument): boolean {
  return !doc.interpolated && /^\s*#graphql\s+fragment\b/.test(doc.text);
}

function locate(doc: ExtractedDocument, error: GraphQLError): Pick<Problem, "line" | "column"> {
  const loc = error.locations?.[0];
  if (!loc) return { line: doc.line };
  // GraphQL line 1 starts right after the backtick.
  return { line: doc.line + loc.line - 1, column: loc.line === 1 ? doc.column + loc.column : loc.column };
}

/** Parses and validates documents against the schema; also checks names across documents. */
export function checkDocuments(docs: ExtractedDocument[], schema: GraphQLSchema): Problem[] {
  const problems: Problem[] = [];
  const operations = new Map<string, ExtractedDocument>();
  const fragments = new Map<string, ExtractedDocument>();
  // Fragment documents by constant name (codegen resolves `${NAME}` by name across files).
  const fragmentDocs = new Map<string, ExtractedDocument>();
  const used = new Set<ExtractedDocument>();
  for (const doc of docs.filter(isFragmentDocument)) {
    const at = { file: doc.file, line: doc.line, column: doc.column };
    if (!doc.name) problems.push({ ...at, message: "a fragment document must be assigned to a constant, which operations interpolate" });
    else if (fragmentDocs.has(doc.name)) {
      const earlier = fragmentDocs.get(doc.name)!;
      problems.push({ ...at, message: `duplicate fragment document constant ${doc.name} (also at ${earlier.file}:${earlier.line}): codegen resolves it by name` });
    } else fragmentDocs.set(doc.name, doc);
  }
  for (const doc of docs) {
    const at = { file: doc.file, line: doc.line, column: doc.column };
    if (isFragmentDocument(doc)) {
      // Checked as part of the operations that spread it; on its own only its syntax and names.
      if (!doc.file.replace(/\\/g, "/").startsWith(TYPED_ROOT)) {
        problems.push({ ...at, message: `#graphql documents belong in ${TYPED_ROOT} (the one layer that talks to Shopify; codegen reads only there)` });
      }
      let ast: DocumentNode;
      try {
        ast = parse(doc.text);
      } catch (error) {
        if (error instanceof GraphQLError) {
          problems.push({ file: doc.file, ...locate(doc, error), message: `syntax: ${error.message}` });
          continue;
        }
        throw error;
      }
      for (const def of ast.definitions) {
        if (def.kind !== "FragmentDefinition") continue;
        const earlier = fragments.get(def.name.value);
        if (earlier && earlier !== doc) {
          problems.push({ ...at, message: `duplicate fragment name ${def.name.value} (also at ${earlier.file}:${earlier.line})` });
        } else fragments.set(def.name.value, doc);
      }
      continue;
    }
    let text = doc.text;
    const segments: { startLine: number; doc: ExtractedDocument; extraLines: number }[] = [];
    if (doc.interpolated) {
      const unknown = doc.interpolations.filter((expr) => !fragmentDocs.has(expr));
      if (unknown.length) {
        problems.push({
          ...at,
          message: `a #graphql document may interpolate only fragment documents (\${FRAGMENT_CONSTANT}), not \${${unknown.join("}, ${")}}: codegen and this check read the rest as text`,
        });
        continue;
      }
      if (text.slice(text.indexOf("${...}")).replace(/\$\{\.\.\.\}/g, "").trim() !== "") {
        problems.push({ ...at, message: "interpolated fragments go at the end of the document (after the operation), where codegen and the operation's name and kind are read" });
        continue;
      }
      let i = 0;
      text = text.replace(/\$\{\.\.\.\}/g, (_, offset: number, whole: string) => {
        const fragment = fragmentDocs.get(doc.interpolations[i++])!;
        used.add(fragment);
        // Where the fragment's text starts in the whole (earlier fragments may span several lines).
        const before = whole.slice(0, offset).split("\n").length + segments.reduce((n, seg) => n + seg.extraLines, 0);
        segments.push({ startLine: before, doc: fragment, extraLines: fragment.text.split("\n").length - 1 });
        return fragment.text;
      });
    }
    // An error inside an interpolated fragment is reported at the fragment document.
    const locateIn = (error: GraphQLError): Pick<Problem, "file" | "line" | "column"> => {
      const loc = error.locations?.[0];
      const seg = loc ? segments.findLast((s) => loc.line >= s.startLine) : undefined;
      if (!loc || !seg) return { file: doc.file, ...locate(doc, error) };
      return { file: seg.doc.file, line: seg.doc.line + loc.line - seg.startLine };
    };
    let ast: DocumentNode;
    try {
      ast = parse(text);
    } catch (error) {
      if (error instanceof GraphQLError) {
        problems.push({ ...locateIn(error), message: `syntax: ${error.message}` });
        continue;
      }
      throw error;
    }
    for (const error of validate(schema, ast)) {
      problems.push({ ...locateIn(error), message: error.message });
    }
    let operationCount = 0;
    for (const def of ast.definitions) {
      if (def.kind === "OperationDefinition") {
        operationCount++;
        const name = def.name?.value;
        const line = doc.line + (def.loc?.startToken.line ?? 1) - 1;
        if (!name) {
          problems.push({ file: doc.file, line, message: "operation has no name; give it a unique PascalCase name" });
          continue;
        }
        if (!/^[A-Z][A-Za-z0-9]*$/.test(name)) {
          problems.push({ file: doc.file, line, message: `operation name ${name} is not PascalCase` });
        }
        const earlier = operations.get(name);
        if (earlier) {
          problems.push({ file: doc.file, line, message: `duplicate operation name ${name} (also at ${earlier.file}:${earlier.line})` });
        } else operations.set(name, doc);
      } else if (def.kind === "FragmentDefinition" && !doc.interpolated) {
        const name = def.name.value;
        const earlier = fragments.get(name);
        if (earlier && earlier !== doc) {
          problems.push({ file: doc.file, line: doc.line, message: `duplicate fragment name ${name} (also at ${earlier.file}:${earlier.line})` });
        } else fragments.set(name, doc);
      }
    }
    if (operationCount !== 1) {
      problems.push({ ...at, message: `a #graphql document must hold exactly one operation (found ${operationCount})` });
    }
    if (!doc.file.replace(/\\/g, "/").startsWith(TYPED_ROOT)) {
      problems.push({ ...at, message: `#graphql documents belong in ${TYPED_ROOT} (the one layer that talks to Shopify; codegen reads only there)` });
    }
  }
  for (const doc of fragmentDocs.values()) {
    if (!used.has(doc)) problems.push({ file: doc.file, line: doc.line, column: doc.column, message: `fragment document ${doc.name} is interpolated by no operation: delete it` });
  }
  return problems;
}

export function loadSchema(schemaPath: string = resolveAdminSchemaPath()): GraphQLSchema {
  return buildSchema(readFileSync(schemaPath, "utf8"));
}

/** Source files under the scan roots, test files and generated code excluded. */
export function listSourceFiles(root: string, roots: string[] = SCAN_ROOTS): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith(".")) walk(full);
      } else if (SOURCE_EXT.test(entry.name) && !TEST_FILE.test(entry.name) && !entry.name.endsWith(".d.ts")) {
        out.push(path.relative(root, full));
      }
    }
  };
  for (const r of roots) if (existsSync(path.join(root, r))) walk(path.join(root, r));
  return out.sort();
}

/** Runs codegen (the project's .graphqlrc.ts) with its output sent to `outDir`. */
export async function generateTypesInto(root: string, outDir: string): Promise<void> {
  const bin = path.join(root, "node_modules", ".bin", process.platform === "win32" ? "graphql-codegen.cmd" : "graphql-codegen");
  try {
    await promisify(execFile)(bin, ["--silent"], {
      cwd: root,
      env: { ...process.env, TWOFOLD_CODEGEN_OUT_DIR: outDir },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`graphql-codegen failed: ${e.stderr || e.stdout || e.message}`);
  }
}

/**
 * Generated code as a token stream: doc comments dropped, whitespace collapsed. Codegen
 * copies the schema's descriptions into `/** ... *\/` comments (which also moves line
 * breaks), and the same schema is published with descriptions (Shopify's SDL) and without
 * (the committed copy), so freshness is judged on the code alone.
 */
export function codeOnly(text: string): string {
  return text.replace(/\/\*\*[\s\S]*?\*\//g, " ").replace(/\s+/g, " ").trim();
}

/** Compares a fresh codegen output with the committed one, file by file (code only, see codeOnly). */
export function compareGenerated(freshDir: string, committedDir: string, shownAs = GENERATED_DIR): Problem[] {
  const problems: Problem[] = [];
  const list = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => statSync(path.join(dir, f)).isFile()) : []);
  const fresh = list(freshDir);
  const committed = new Set(list(committedDir));
  for (const name of fresh) {
    const file = `${shownAs}/${name}`;
    if (!committed.has(name)) {
      problems.push({ file, line: 1, message: "generated file is missing: run npm run graphql:codegen and commit it" });
      continue;
    }
    const a = codeOnly(readFileSync(path.join(freshDir, name), "utf8"));
    const b = codeOnly(readFileSync(path.join(committedDir, name), "utf8"));
    if (a !== b) {
      let at = 0;
      while (at < a.length && a[at] === b[at]) at++;
      const near = b.slice(Math.max(0, at - 40), at + 40);
      problems.push({ file, line: 1, message: `generated types are stale (first difference near "${near}"): run npm run graphql:codegen and commit the result` });
    }
    committed.delete(name);
  }
  for (const name of committed) {
    problems.push({ file: `${shownAs}/${name}`, line: 1, message: "file is not produced by codegen any more: delete it" });
  }
  return problems;
}

export async function checkGeneratedTypesFresh(root: string, committedDir = path.join(root, GENERATED_DIR)): Promise<Problem[]> {
  const tmp = mkdtempSync(path.join(tmpdir(), "twofold-codegen-"));
  try {
    await generateTypesInto(root, tmp);
    return compareGenerated(tmp, committedDir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export interface CheckResult {
  documents: ExtractedDocument[];
  problems: Problem[];
}

export async function runGraphqlCheck({
  root = process.cwd(),
  schemaPath = resolveAdminSchemaPath(process.env, root),
  sources,
  codegen = true,
}: { root?: string; schemaPath?: string; sources?: SourceFile[]; codegen?: boolean } = {}): Promise<CheckResult> {
  const schema = loadSchema(schemaPath);
  const files = sources ?? listSourceFiles(root).map((file) => ({ file, text: readFileSync(path.join(root, file), "utf8") }));
  const documents = files.flatMap(extractGraphqlDocuments);
  const problems = checkDocuments(documents, schema);
  if (codegen) problems.push(...(await checkGeneratedTypesFresh(root)));
  return { documents, problems };
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}${p.column ? `:${p.column}` : ""}: ${p.message}`;
}

async function main() {
  const codegen = !process.argv.includes("--skip-codegen");
  const started = Date.now();
  const { documents, problems } = await runGraphqlCheck({ codegen });
  for (const p of problems) console.error(formatProblem(p));
  const summary = `${documents.length} #graphql documents checked against ${path.relative(process.cwd(), resolveAdminSchemaPath())}${codegen ? ", generated types compared" : ""} in ${Date.now() - started} ms`;
  if (problems.length) {
    console.error(`\n${problems.length} problem(s); ${summary}`);
    process.exitCode = 1;
  } else console.log(`ok: ${summary}`);
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (invokedDirectly) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 2;
  });
}
