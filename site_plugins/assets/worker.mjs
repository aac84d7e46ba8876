// The checker's Web Worker: starts Python (Pyodide, served by this site) and recert_core, then
// checks the files and plans the page sends. The page stays responsive while this loads and runs.
//
// The page starts this worker as it opens (an inline script in checker.md.j2). First visit: Python
// starts from scratch, importing bytecode compiled when the site was built, while our wheel and its
// bytecode download in parallel; once recert_core is imported, a memory snapshot of that state is
// kept (gzipped) in the browser's Cache Storage. Later visits start from the snapshot, skipping
// Python's start-up. The cache key is the runtime id (hashes of the Pyodide version, the wheel, its
// bytecode and the standard library), so a new build never reuses an old state.
import { loadPyodide } from "./pyodide/pyodide.mjs";

const params = new URL(import.meta.url).searchParams;
const fileUrl = (name) => new URL(params.get(name), import.meta.url).href;
const runtimeId = params.get("runtime");
const indexURL = new URL("./pyodide/", import.meta.url).href;
const SNAPSHOT_CACHE = "recert-python-snapshots";
const snapshotKey = new URL(`snapshot-${runtimeId}.bin.gz`, import.meta.url).href;
const CALLS = ["run_check", "preview", "run_editor", "editor_rows", "editor_csv"];
const say = (step, text) => postMessage({ type: "progress", step, text });

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

async function gunzip(response) {
  return new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
}

async function cachedSnapshot() {
  try {
    const cache = await caches.open(SNAPSHOT_CACHE);
    const hit = await cache.match(snapshotKey);
    return hit ? await gunzip(hit) : null;
  } catch {
    return null; // no Cache Storage here (an insecure origin, private mode): start from scratch
  }
}

async function keepSnapshot(snapshot) {
  try {
    const cache = await caches.open(SNAPSHOT_CACHE);
    for (const request of await cache.keys()) {
      if (request.url !== snapshotKey) await cache.delete(request); // older builds' snapshots
    }
    const gzipped = new Blob([snapshot]).stream().pipeThrough(new CompressionStream("gzip"));
    await cache.put(snapshotKey, new Response(gzipped));
  } catch {
    // Only a later visit's speed depends on it.
  }
}

const started = (async () => {
  say(1, "Loading the Python runtime…");
  const wheel = fetchBytes(fileUrl("wheel"));
  const bytecode = fetchBytes(fileUrl("bytecode"));
  const snapshot = await cachedSnapshot();
  let pyodide;
  if (snapshot) {
    try {
      pyodide = await loadPyodide({ indexURL, _loadSnapshot: snapshot });
    } catch {
      pyodide = null; // a snapshot this runtime cannot use: start from scratch
    }
  }
  const fresh = !pyodide;
  if (fresh) pyodide = await loadPyodide({ indexURL, _makeSnapshot: true });
  say(2, "Installing the checker…");
  // The package's files live outside Python's memory: install them on every start, with the
  // bytecode compiled from them when the site was built (so Python need not compile them here).
  pyodide.unpackArchive(await wheel, "wheel");
  pyodide.unpackArchive(await bytecode, "zip");
  // Import everything a check needs now, so that the snapshot holds it.
  pyodide.runPython("import recert_core.browser, recert_core.rules, encodings.cp1252; recert_core.rules.default_rules()");
  if (fresh) keepSnapshot(pyodide.makeMemorySnapshot());
  const browser = pyodide.pyimport("recert_core.browser");
  // The page's other calls (its files, the column-mapping step, the editor), by name: only these.
  const calls = Object.fromEntries(CALLS.map((name) => [name, browser[name]]));
  return { check: browser.run_check, plan: browser.run_plan, csv: browser.last_csv, json: browser.last_json, calls, fromSnapshot: !fresh };
})();

started.then(
  (run) => postMessage({ type: "ready", fromSnapshot: run.fromSnapshot }),
  (error) => postMessage({ type: "failed", message: String(error?.message ?? error) }),
);

// Python answers in UTF-8 bytes (see recert_core/browser.py): copied out of Python's memory at
// once and handed to the page without a copy.
function bytesOf(answer) {
  try {
    return answer.toJs();
  } finally {
    answer.destroy();
  }
}

onmessage = async ({ data }) => {
  const run = await started;
  const began = performance.now();
  let payload;
  try {
    if (data.type === "call") payload = bytesOf(run.calls[data.name](...data.args));
    else if (data.type === "plan") payload = bytesOf(run.plan(...data.values));
    else if (data.type === "csv") payload = bytesOf(run.csv());
    else if (data.type === "json") payload = bytesOf(run.json());
    else payload = bytesOf(run.check(new Uint8Array(data.bytes), data.level, data.cycle, data.today));
  } catch (error) {
    // A bug, not a bad file: say so plainly, keep the page usable.
    payload = new TextEncoder().encode(JSON.stringify({ ok: false, error: `The checker failed on this file (${String(error?.message ?? error).split("\n").at(-2) ?? "unknown error"}). Please report it.` }));
  }
  const ms = performance.now() - began;
  postMessage({ type: data.type === "check" ? "result" : data.type, id: data.id, payload, ms }, [payload.buffer]);
};
