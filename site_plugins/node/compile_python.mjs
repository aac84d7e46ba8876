// Compiles Python sources to bytecode with the very Python the checker runs (Pyodide's CPython,
// under Node.js), so that the browser imports bytecode instead of compiling source at every start.
//
//   node compile_python.mjs <pyodide folder> <mode> sources.zip bytecode.zip
//
// mode "stdlib": every `x.py` in the zip becomes `x.pyc` at the same path (a sourceless zip for
//   Python's zipimport); other files are kept as they are.
// mode "pycache": every `pkg/x.py` becomes `pkg/__pycache__/x.cpython-3x.pyc`, to unpack where the
//   package's own sources are unpacked.
// Bytecode files are "unchecked hash-based" (PEP 552): Python uses them without comparing them to a
// source, so they must be built from exactly the sources shipped, which the build guarantees.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [folder, mode, input, output] = process.argv.slice(2);
if (!["stdlib", "pycache"].includes(mode)) throw new Error(`unknown mode ${mode}`);
const indexURL = `${resolve(folder)}/`;
const { loadPyodide } = await import(pathToFileURL(`${indexURL}pyodide.mjs`).href);
const pyodide = await loadPyodide({ indexURL });
pyodide.FS.writeFile("/tmp/sources.zip", new Uint8Array(readFileSync(input)));
pyodide.runPython(`
import importlib._bootstrap_external as external
import importlib.util
import zipfile

def compiled(name, source):
    code = compile(source, name, "exec", dont_inherit=True)
    return bytes(external._code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))

def target(name):
    if "${mode}" == "stdlib":
        return name + "c"
    return importlib.util.cache_from_source(name)

with (zipfile.ZipFile("/tmp/sources.zip") as sources,
      zipfile.ZipFile("/tmp/bytecode.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bytecode):
    for info in sources.infolist():
        if info.is_dir():
            continue
        data = sources.read(info)
        name, data = (target(info.filename), compiled(info.filename, data)) if info.filename.endswith(".py") \\
            else (info.filename, data)
        bytecode.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data,
                         compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
`);
writeFileSync(output, pyodide.FS.readFile("/tmp/bytecode.zip"));
