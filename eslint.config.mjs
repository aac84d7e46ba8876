// ESLint for the project's JavaScript (`make lint`): the recommended rules, with each file's own
// globals: the checker page's modules run in the browser, its worker in a module Web Worker, sw.js in
// a service worker, and the build's, tests' and benchmarks' scripts in Node.js.
import js from "@eslint/js";
import globals from "globals";

// What changes as the reader uses the checker page lives in state.mjs's one object.
const NO_MODULE_LET = {
  selector: "Program > VariableDeclaration[kind='let'], Program > ExportNamedDeclaration > VariableDeclaration[kind='let']",
  message: "No module-level let in the site's scripts: the checker page's changing state is state.mjs's.",
};
// The page's wording is data (wording.mjs's say(), from sentences.toml's page part): a string or a
// template literal in the page's scripts that reads like English (three words of letters in a row; two
// in a template literal's text, which its ${values} cut into pieces) is a sentence written in code. `exempt`: selectors of what is not the reader's wording. Everywhere: what
// only a developer reads (console lines).
// (A word is letters alone: "recert-status-met md-button" is two class names, not words.)
const ENGLISH = "/(?<![-\\w])[A-Za-z]+ +[A-Za-z]+ +[A-Za-z]+(?![-\\w])/";
const ENGLISH_PIECE = "/(?<![-\\w])[A-Za-z]+ +[A-Za-z]+(?![-\\w])/";
const noSentences = (...exempt) => ({
  selector: [`Literal[value=${ENGLISH}]`, `TemplateElement[value.raw=${ENGLISH_PIECE}]`]
    .map((node) => `${node}:not(${["CallExpression[callee.object.name='console'] *", ...exempt].join(", ")})`).join(", "),
  message: "A sentence the reader sees belongs in recert_core/sentences.toml's page part: say(\"key\", { values }) from wording.mjs.",
});

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
    rules: { "no-restricted-syntax": ["error", NO_MODULE_LET, noSentences()] },
  },
  {
    files: ["site_plugins/assets/worker.mjs", "site_plugins/assets/guard.mjs", "site_plugins/assets/pdf-reader.mjs", "site_plugins/assets/fault.mjs"],
    languageOptions: { globals: globals.worker },
    // The worker's scripts have no page, and so no wording: what the reader is told of a failure is a
    // fault (fault.mjs), a code the page words; an error's own message is for developers.
    rules: { "no-restricted-syntax": ["error", NO_MODULE_LET, noSentences()] },
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
