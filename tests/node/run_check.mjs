// Runs recert_core.browser.run_check inside Pyodide under Node.js (the npm package the site ships)
// for each case read from stdin as JSON lines {file, level, cycle, today}; prints one JSON line each.
import { readFileSync } from "node:fs";
import { loadPyodide } from "../../node_modules/pyodide/pyodide.mjs";

const [wheel] = process.argv.slice(2);
const pyodide = await loadPyodide({ indexURL: new URL("../../node_modules/pyodide/", import.meta.url).pathname });
pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel");
const runCheck = pyodide.pyimport("recert_core.browser").run_check;
const version = pyodide.runPython("import sys; sys.version.split()[0]");
const cases = readFileSync(0, "utf8").trim().split("\n").map((line) => JSON.parse(line));
for (const c of cases) {
  const payload = runCheck(new Uint8Array(readFileSync(c.file)), c.level, c.cycle, c.today);
  console.log(JSON.stringify({ file: c.file, level: c.level, cycle: c.cycle, python: version, payload }));
}
