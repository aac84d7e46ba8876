// Runs recert_core.browser's reading entry points (run_check with one file or several, a column
// mapping; preview) inside the built site's own Python, installed as the page's worker does, with the
// files passed as the worker passes them (Uint8Array, or an array of them). Cases are JSON lines on
// stdin: {call: "check" | "preview", files: [paths], names: [..] | null, columns, level, cycle, today};
// one JSON line out per case: {payload}.
import { readFileSync } from "node:fs";

const [pyodideFolder, wheel, bytecode] = process.argv.slice(2);
const { loadPyodide } = await import(`${pyodideFolder}/pyodide.mjs`);
const pyodide = await loadPyodide({ indexURL: `${pyodideFolder}/` });
pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel");
pyodide.unpackArchive(new Uint8Array(readFileSync(bytecode)), "zip");
const browser = pyodide.pyimport("recert_core.browser");
const cases = readFileSync(0, "utf8").trim().split("\n").map((line) => JSON.parse(line));
for (const c of cases) {
  const bytes = c.files.map((f) => new Uint8Array(readFileSync(f)));
  const data = bytes.length === 1 && !c.names ? bytes[0] : bytes;
  const answer = c.call === "preview"
    ? browser.preview(data, c.names, c.columns)
    : browser.run_check(data, c.level, c.cycle, c.today, c.names, c.columns);
  const payload = new TextDecoder().decode(answer.toJs());
  answer.destroy();
  console.log(JSON.stringify({ payload }));
}
