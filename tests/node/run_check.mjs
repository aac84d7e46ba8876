// Runs recert_core.browser.run_check inside the built site's own Python (its Pyodide copy, trimmed
// standard library of bytecode, wheel and the wheel's bytecode, installed as the page's worker does)
// for each case read from stdin as JSON lines {file, level, cycle, today}; prints one JSON line each,
// after a first line describing the bytecode Python imported.
import { readFileSync } from "node:fs";

const [pyodideFolder, wheel, bytecode] = process.argv.slice(2);
const { loadPyodide } = await import(`${pyodideFolder}/pyodide.mjs`);
const pyodide = await loadPyodide({ indexURL: `${pyodideFolder}/` });
pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel");
pyodide.unpackArchive(new Uint8Array(readFileSync(bytecode)), "zip");
const runCheck = pyodide.pyimport("recert_core.browser").run_check;
console.log(pyodide.runPython(`
import importlib.util, json, sys, zipfile
def flags(pyc):
    return int.from_bytes(pyc[4:8], "little")
package = {}
for name, module in sorted(sys.modules.items()):
    if name.startswith("recert_core") and getattr(module, "__cached__", None):
        pyc = open(module.__cached__, "rb").read()
        source = open(module.__file__, "rb").read()
        package[name] = {"flags": flags(pyc), "matches_source": pyc[8:16] == importlib.util.source_hash(source)}
stdlib = [p for p in sys.path if p.endswith(".zip")][0]
with zipfile.ZipFile(stdlib) as archive:
    names = archive.namelist()
    stdlib_flags = sorted({flags(archive.read(n)) for n in names if n.endswith(".pyc")})
json.dumps({"python": sys.version.split()[0], "package": package, "stdlib_sources": [n for n in names if n.endswith(".py")],
            "stdlib_bytecode": sum(n.endswith(".pyc") for n in names), "stdlib_flags": stdlib_flags,
            "json_from": sys.modules["json"].__spec__.origin,
            "docstrings": sorted(n for n, m in sys.modules.items()
                                 if (n.startswith("recert_core") or n in ("json", "csv", "zipfile")) and m.__doc__)})
`));
const cases = readFileSync(0, "utf8").trim().split("\n").map((line) => JSON.parse(line));
for (const c of cases) {
  const answer = runCheck(new Uint8Array(readFileSync(c.file)), c.level, c.cycle, c.today);
  const payload = new TextDecoder().decode(answer.toJs()); // UTF-8 bytes, as the worker receives them
  answer.destroy();
  console.log(JSON.stringify({ file: c.file, level: c.level, cycle: c.cycle, payload }));
}
