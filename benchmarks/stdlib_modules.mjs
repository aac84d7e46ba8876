// Which standard-library modules the checker's Python loads: starts Pyodide (the full standard
// library from node_modules), installs the wheel, runs every test fixture through the checker at
// each level, the CSV download and the plan in every situation of its form, then prints the
// modules loaded, one per line. site_plugins/stdlib-keep.txt is kept in step with this list.
//
//   node benchmarks/stdlib_modules.mjs path/to/recert_core-*.whl
import { readdirSync, readFileSync, statSync } from "node:fs";
import { loadPyodide } from "../node_modules/pyodide/pyodide.mjs";

const [wheel] = process.argv.slice(2);
const fixtures = new URL("../tests/fixtures/", import.meta.url).pathname;
const pyodide = await loadPyodide({ indexURL: new URL("../node_modules/pyodide/", import.meta.url).pathname });
const before = new Set(pyodide.runPython("import sys; list(sys.modules)").toJs());
pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel");
const browser = pyodide.pyimport("recert_core.browser");
for (const name of readdirSync(fixtures, { recursive: true })) {
  if (name.endsWith(".py") || statSync(fixtures + name).isDirectory()) continue;
  for (const level of ["emt", "aemt", "paramedic"]) {
    browser.run_check(new Uint8Array(readFileSync(fixtures + name)), level, "2018", "2026-11-21");
    browser.last_csv();
  }
}
for (const nremt of ["current", "inactive", "expired", "never"]) {
  for (const affiliated of ["yes", "no"]) {
    browser.run_plan("emt", "2027", nremt, "2027", affiliated, "3", "instructor,examiner", "2026-11-21");
  }
}
const loaded = pyodide.runPython("import sys; sorted(sys.modules)").toJs();
console.log(loaded.filter((name) => !name.startsWith("recert_core")).map((name) => (before.has(name) ? name : `${name} (checker)`)).join("\n"));
