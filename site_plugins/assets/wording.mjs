// The page's wording: every sentence and label the checker page's scripts show comes from the
// catalogue of sentences (recert_core/sentences.toml, its page part), which the build writes into the
// page as JSON (<script type="application/json" id="recert-wording">, site_plugins/pages.py): it is
// there before Python has loaded, offline, and under the page's CSP (a data block is not a script).
// The modules name a key and give the values; a sentence is changed in sentences.toml, never here.
// (tests/test_page_wording.py reads every say("key", { ... }) in the modules against the catalogue.)

const block = document.getElementById("recert-wording");
const WORDING = Object.freeze(block ? JSON.parse(block.textContent) : {});
// As Python's str.format fills a template of names: {name} is the value, {{ and }} are braces.
const FIELD = /\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

// A bug, which tests/test_page_wording.py catches before any reader could meet it: said to developers.
const bug = (what, where) => new Error(`recert-wording ${what}: ${where}`);

// The sentence under `key` ("report.fixes-title" is sentences.toml's [page.report] fixes-title), its
// {placeholders} filled in from `values`. Nothing is escaped: the page writes text nodes, never HTML.
export function say(key, values = {}) {
  const template = WORDING[key];
  if (typeof template !== "string") throw bug("no-such-key", key);
  return template.replace(FIELD, (match, name) => {
    if (match === "{{") return "{";
    if (match === "}}") return "}";
    if (!Object.hasOwn(values, name)) throw bug("value-missing", `${key} {${name}}`);
    return String(values[name]);
  });
}

// What went wrong in the worker, which has no wording (fault.mjs): the sentence sentences.toml's
// [page.fault] has under the fault's code, filled in from its values.
export function sayFault({ code, values }) {
  return say(`fault.${code}`, values);
}

// Every label of a table ("fields" is sentences.toml's [page.fields]), by its key within it: for a
// set of names the page looks up by a value (a field's short name); none has a placeholder.
export function labels(prefix) {
  const start = `${prefix}.`;
  return Object.fromEntries(Object.entries(WORDING).filter(([key]) => key.startsWith(start)).map(([key, text]) => [key.slice(start.length), text]));
}
