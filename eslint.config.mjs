// ESLint for the project's JavaScript (`make lint`): the recommended rules, with each file's own
// globals: the checker page's modules run in the browser, its worker in a module Web Worker, sw.js in
// a service worker, and the build's, tests' and benchmarks' scripts in Node.js.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", "site/", ".venv/", ".tmp/", "test-artifacts/"] },
  js.configs.recommended,
  {
    files: ["**/*.mjs", "**/*.js"],
    languageOptions: { ecmaVersion: "latest", sourceType: "module" },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      eqeqeq: "error",
      "no-var": "error",
      "prefer-const": "error",
    },
  },
  {
    files: ["site_plugins/assets/*.mjs"],
    languageOptions: { globals: globals.browser },
    rules: {
      // What changes as the reader uses the checker page lives in state.mjs's one object.
      "no-restricted-syntax": ["error", {
        selector: "Program > VariableDeclaration[kind='let'], Program > ExportNamedDeclaration > VariableDeclaration[kind='let']",
        message: "No module-level let in the site's scripts: the checker page's changing state is state.mjs's.",
      }],
    },
  },
  {
    files: ["site_plugins/assets/worker.mjs", "site_plugins/assets/guard.mjs", "site_plugins/assets/pdf-reader.mjs"],
    languageOptions: { globals: globals.worker },
  },
  {
    // A classic script, filled in by the build (site_plugins/offline.py): FILES is its list of files.
    files: ["site_plugins/assets/sw.js"],
    languageOptions: { sourceType: "script", globals: { ...globals.serviceworker, __FILES__: "readonly" } },
  },
  {
    files: ["site_plugins/node/*.mjs", "benchmarks/*.mjs", "tests/node/*.mjs", "eslint.config.mjs"],
    languageOptions: { globals: globals.node },
  },
];
