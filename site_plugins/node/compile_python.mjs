// Compiles Python sources to bytecode with the very Python the checker runs (Pyodide's CPython,
// under Node.js), so that the browser imports bytecode instead of compiling source at every start.
//
//   node compile_python.mjs <pyodide folder> <mode> <optimize> sources.zip bytecode.zip
//
// mode "stdlib": every `x.py` in the zip becomes `x.pyc` at the same path (a sourceless zip for
//   Python's zipimport); other files are kept as they are.
// mode "pycache": every `pkg/x.py` becomes `pkg/__pycache__/x.cpython-3x.pyc`, to unpack where the
//   package's own sources are unpacked.
// optimize: compile()'s `optimize` (0: as written; 2: as `python -OO`, without docstrings and
//   asserts). The file names stay those of level 0: Python in the browser runs at level 0 and
//   imports whatever bytecode is there.
// Bytecode files are "unchecked hash-based" (PEP 552): Python uses them without comparing them to a
// source, so they must be built from exactly the sources shipped, which the build guarantees.
// The zip is written uncompressed (stored): the host compresses it for transport, across files,
// which gives fewer bytes than a zip compressed file by file (brotli: about a third fewer).
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [folder, mode, optimize, input, output] = process.argv.slice(2);
if (!["stdlib", "pycache"].includes(mode)) throw new Error(`unknown mode ${mode}`);
if (!["0", "1", "2"].includes(optimize)) throw new Error(`unknown optimize level ${optimize}`);
const indexURL = `${resolve(folder)}/`;
const { loadPyodide } = await import(pathToFileURL(`${indexURL}pyodide.mjs`).href);
const pyodide = await loadPyodide({ indexURL });
pyodide.FS.writeFile("/tmp/sources.zip", new Uint8Array(readFileSync(input)));
pyodide.runPython(`
import importlib._bootstrap_external as external
import importlib.util
import zipfile

def compiled(name, source):
    code = compile(source, name, "exec", dont_inherit=True, optimize=${optimize})
    return bytes(external._code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))

def target(name):
    if "${mode}" == "stdlib":
        return name + "c"
    return importlib.util.cache_from_source(name)

with (zipfile.ZipFile("/tmp/sources.zip") as sources,
      zipfile.ZipFile("/tmp/bytecode.zip", "w", zipfile.ZIP_STORED) as bytecode):
    for info in sources.infolist():
        if info.is_dir():
            continue
        data = sources.read(info)
        name, data = (target(info.filename), compiled(info.filename, data)) if info.filename.endswith(".py") \\
            else (info.filename, data)
        bytecode.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
`);
writeFileSync(output, pyodide.FS.readFile("/tmp/bytecode.zip"));
