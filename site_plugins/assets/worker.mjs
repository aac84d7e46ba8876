// The checker's Web Worker: starts Python (Pyodide, served by this site) and recert_core, then
// answers the page's calls: each message is { id, op, args } and gets one answer with the same id,
// { id, payload } (UTF-8 bytes) or { id, error, fault } (fault: what the page tells the reader, for a
// failure fault.mjs names; the error is for developers). Unasked, it sends { progress } (the step, which the page words) while starting,
// and { received } as its files come (below).
//
// The page starts this worker as it opens (an inline script in checker.md.j2). First visit: Python
// starts from scratch, importing bytecode compiled when the site was built, while our wheel and its
// bytecode download in parallel; once recert_core is imported, a memory snapshot of that state is
// kept (less its pages of zeros) in the browser's IndexedDB. Later visits start from the snapshot,
// skipping Python's start-up; Pyodide's own files load while the snapshot is read. The key is the
// runtime id (hashes of the Pyodide version, the wheel, its bytecode and the standard library), so a
// new build never reuses an old state.
//
// The snapshot is checked each time it is read: its shape, and a SHA-256 over its pages bound to the
// runtime id, written beside it. A snapshot cut off, null, of another runtime or otherwise damaged is
// removed and Python starts from scratch; so is one Python could not start from. (Another page of the
// same origin can write IndexedDB too, and a hash it writes beside its own snapshot would match: the
// check catches damage, not a deliberate writer on the same origin. See docs/security.md.)
//
// Started with `warm` in its address (by assets/offline.mjs, on any page of the site, in the browser's
// idle time), the worker only makes sure a snapshot is kept: it answers { warm: "kept" } if one is, or
// starts Python, keeps its snapshot and answers { warm: "made" }; then the page ends it.
//
// IndexedDB, not Cache Storage: in WebKit (WebKitGTK 2.50, tried with its WebDriver's session)
// Cache Storage entries written by a page were gone once the page was left (the cache's name stayed,
// empty), so every visit started cold; an ArrayBuffer in IndexedDB stays. (A Blob in IndexedDB
// fails there.) Whatever the browser lacks (IndexedDB) only means a cold start.
import "./guard.mjs"; // first: nothing in this worker reaches outside the site
import { fault, faultOf } from "./fault.mjs";
import { loadPyodide } from "./pyodide/pyodide.mjs";

const params = new URL(import.meta.url).searchParams;
const fileUrl = (name) => new URL(params.get(name), import.meta.url).href;
const runtimeId = params.get("runtime");
const warming = params.has("warm");
const indexURL = new URL("./pyodide/", import.meta.url).href;
// The start's steps (1: the runtime, 2: the checker), as the page words them (calls.mjs).
const stepTo = (progress) => postMessage({ progress });
// Where the start-up's time goes, for the page's performance marks (benchmarks/bench.py prints them):
// wall-clock times, as this worker's clock does not start with the page's.
const clock = () => performance.timeOrigin + performance.now();
const startMarks = [["worker-created", performance.timeOrigin], ["worker-running", clock()]];
const startMark = (name) => startMarks.push([name, clock()]);
// The page's calls for its files, the column-mapping step and the editor, by name: only these.
const CALLS = ["run_check", "report_rows", "preview", "person_report", "run_editor", "editor_rows",
  "read_certificates", "run_certificates", "run_paste", "audit_packet", "packet_error", "editor_csv"];

// --- what has come, for the page to show a first visit's download as bytes of the total -----------
// Unasked, at most every 100 ms while files come: { received: { file name: bytes so far } }, the
// bytes as the files are (a host that compresses sends fewer). Fetched files are counted as they
// stream; the scripts Pyodide imports (pyodide.asm.mjs) once each has come.
const arrivals = { bytes: {}, due: 0 }; // bytes of each file so far; the report waiting to be sent
function count(file, bytes) {
  arrivals.bytes[file] = bytes;
  arrivals.due ||= setTimeout(() => {
    arrivals.due = 0;
    postMessage({ received: { ...arrivals.bytes } });
  }, 100);
}
function counted(response, file) {
  if (!response.ok || !response.body || typeof TransformStream === "undefined") return response;
  let bytes = 0;
  const counter = new TransformStream({
    transform(chunk, controller) {
      bytes += chunk.byteLength;
      count(file, bytes);
      controller.enqueue(chunk);
    },
  });
  const { status, statusText, headers } = response;
  return new Response(response.body.pipeThrough(counter), { status, statusText, headers });
}
const fileName = (url) => new URL(url, import.meta.url).pathname.split("/").at(-1);
try {
  new PerformanceObserver((entries) => {
    for (const entry of entries.getEntries()) {
      if (entry.name.endsWith(".mjs") && entry.decodedBodySize) count(fileName(entry.name), entry.decodedBodySize);
    }
  }).observe({ type: "resource", buffered: true });
} catch {
  // no resource timing in this worker: the page counts what it can
}

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw fault("file-not-loaded", { file: new URL(url).pathname, status: response.status });
  return response.arrayBuffer();
}

// --- the WebAssembly, compiled by the page ------------------------------------------------------
// The page fetches and compiles Pyodide's WebAssembly while this worker's scripts load, and sends the
// module ({ wasm }; null when it could not). Pyodide then instantiates that module, and its own
// request for the file is answered without the network: the file is fetched once, and compiled from
// about 0.1 s after navigation rather than once Pyodide's JavaScript has loaded.
// (The address says whether the page does: a page of an older build does not.)
const wasmUrl = new URL("./pyodide/pyodide.asm.wasm", import.meta.url).href;
const pageWasm = params.get("wasm") !== "page" ? Promise.resolve(null) : new Promise((resolve) => {
  const take = ({ data }) => {
    if (!data || !("wasm" in data)) return;
    removeEventListener("message", take);
    startMark("wasm-received");
    resolve(data.wasm instanceof WebAssembly.Module ? data.wasm : null);
  };
  addEventListener("message", take);
  addEventListener("messageerror", () => resolve(null), { once: true });
});
const guardFetch = globalThis.fetch; // the guard's
const siteFetch = (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  return guardFetch(input, init).then((response) => counted(response, fileName(url)));
};
globalThis.fetch = (input, init) => {
  if (String(input instanceof Request ? input.url : input) !== wasmUrl) return siteFetch(input, init);
  return pageWasm.then((module) => (module ? new Response(new Uint8Array(0), { headers: { "Content-Type": "application/wasm" } }) : siteFetch(input, init)));
};
const instantiateStreaming = WebAssembly.instantiateStreaming.bind(WebAssembly);
WebAssembly.instantiateStreaming = async (source, imports) => {
  const module = await pageWasm;
  if (!module) return instantiateStreaming(source, imports);
  try {
    startMark("wasm-asked");
    const instance = await WebAssembly.instantiate(module, imports);
    startMark("wasm-instantiated");
    return { module, instance };
  } catch {
    return instantiateStreaming(siteFetch(wasmUrl), imports); // Pyodide would wait forever on a failure
  }
};

// --- the snapshot store ------------------------------------------------------------------------

const STORE = "snapshots";
const within = (ms, promise) =>
  Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error("timed-out")), ms))]);
const done = (request) =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

function openStore() {
  const request = indexedDB.open("recert-python", 1);
  request.onupgradeneeded = () => request.result.createObjectStore(STORE);
  return within(3000, done(request)); // a blocked or broken database must not hold up the start
}

// The snapshot is Python's whole memory (about 31 MB), more than half of it pages of zeros: it is kept
// as its size and its other pages only (about 13 MB). Unpacking that is a copy, where gunzipping the
// whole took 150-170 ms of a 600 ms warm start (Chromium, 2 cores).
const PAGE = 4096;
function sparse(snapshot) {
  let bytes = snapshot instanceof Uint8Array ? snapshot : new Uint8Array(snapshot);
  if (bytes.byteOffset % 4) bytes = bytes.slice();
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
  const pages = [];
  const perPage = PAGE / 4;
  for (let page = 0; page * PAGE < bytes.byteLength; page += 1) {
    const end = Math.min((page + 1) * perPage, words.length);
    let used = (page + 1) * PAGE > words.length * 4; // the last, partial page is always kept
    for (let i = page * perPage; !used && i < end; i += 1) used = words[i] !== 0;
    if (used) pages.push(page);
  }
  const data = new Uint8Array(pages.reduce((total, page) => total + Math.min(PAGE, bytes.byteLength - page * PAGE), 0));
  let at = 0;
  for (const page of pages) {
    const part = bytes.subarray(page * PAGE, Math.min((page + 1) * PAGE, bytes.byteLength));
    data.set(part, at);
    at += part.byteLength;
  }
  return { format: "pages", size: bytes.byteLength, pages: Uint32Array.from(pages), data: data.buffer };
}
const hex = (buffer) => [...new Uint8Array(buffer)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
// The snapshot's digest: its size and pages, bound to this runtime (one kept for another is refused).
async function digestOf(kept) {
  const digest = (bytes) => crypto.subtle.digest("SHA-256", bytes).then(hex);
  const [pages, data] = await Promise.all([digest(kept.pages), digest(kept.data)]);
  return digest(new TextEncoder().encode(`${runtimeId} ${kept.size} ${pages} ${data}`));
}
// A kept snapshot's bytes, or an error saying what is wrong with it.
async function checked(kept) {
  if (kept?.format !== "pages") throw new Error("snapshot-format");
  const { size, pages, data } = kept;
  const count = Math.ceil(size / PAGE);
  const shaped = Number.isSafeInteger(size) && size > 0 && size <= 2 ** 32 && pages instanceof Uint32Array &&
    data instanceof ArrayBuffer && pages.every((page, i) => page < count && (i === 0 || page > pages[i - 1])) &&
    data.byteLength === pages.reduce((total, page) => total + Math.min(PAGE, size - page * PAGE), 0);
  if (!shaped) throw new Error("snapshot-shape");
  if (typeof kept.sha256 !== "string" || kept.sha256 !== (await digestOf(kept))) throw new Error("snapshot-damaged");
  return dense(kept);
}
function dense(kept) {
  const bytes = new Uint8Array(kept.size);
  const data = new Uint8Array(kept.data);
  let at = 0;
  for (const page of kept.pages) {
    const length = Math.min(PAGE, kept.size - page * PAGE);
    bytes.set(data.subarray(at, at + length), page * PAGE);
    at += length;
  }
  return bytes;
}

// The snapshot kept for this runtime: null when there is none (or no IndexedDB here), else { bytes }, a
// promise of its bytes, given as soon as the store says it holds one, so that Pyodide's own loading
// (its JavaScript, the WebAssembly, the standard library) runs while the snapshot is read, checked and
// unpacked. (In an object: an async function returning the promise itself would wait for it, and
// throw its failure here rather than to Pyodide.)
async function cachedSnapshot() {
  try {
    const db = await openStore();
    const store = db.transaction(STORE).objectStore(STORE);
    const held = done(store.count(runtimeId));
    const read = within(5000, done(store.get(runtimeId)));
    read.catch(() => {}).finally(() => db.close());
    if (!(await within(5000, held))) return null;
    startMark("snapshot-found");
    const bytes = read.then(async (kept) => {
      startMark("snapshot-read");
      const snapshot = await checked(kept);
      startMark("snapshot-unpacked");
      return snapshot;
    });
    bytes.catch(() => {}); // a failure is Pyodide's to meet (then Python starts from scratch), not unhandled
    return { bytes };
  } catch {
    return null; // no IndexedDB here: start from scratch
  }
}

async function keepSnapshot(snapshot) {
  try {
    await new Promise((resolve) => setTimeout(resolve, 0)); // the copy is made: packing it can wait
    const kept = sparse(snapshot);
    kept.sha256 = await digestOf(kept);
    const db = await openStore();
    const transaction = db.transaction(STORE, "readwrite");
    transaction.objectStore(STORE).clear(); // older builds' snapshots
    transaction.objectStore(STORE).put(kept, runtimeId);
    await new Promise((resolve, reject) => {
      transaction.oncomplete = resolve;
      transaction.onerror = transaction.onabort = () => reject(transaction.error);
    });
    db.close();
    await globalThis.caches?.delete("recert-python-snapshots"); // where earlier versions kept it
  } catch {
    // Only a later visit's speed depends on it.
  }
}

// Removes the snapshot kept for this runtime (one Python could not start from).
async function dropSnapshot() {
  try {
    const db = await openStore();
    const transaction = db.transaction(STORE, "readwrite");
    transaction.objectStore(STORE).delete(runtimeId);
    await new Promise((resolve, reject) => {
      transaction.oncomplete = resolve;
      transaction.onerror = transaction.onabort = () => reject(transaction.error);
    });
    db.close();
  } catch {
    // then the next start meets it again, and drops it again
  }
}

// --- start --------------------------------------------------------------------------------------

const keeping = { snapshot: Promise.resolve() }; // the snapshot being kept, for a warm-up to wait for

async function start() {
  stepTo(1);
  // Our package is needed only once Python has started, which needs the WebAssembly first: asked
  // for once that has come, it does not share a slow network with it. (On a phone's 1.6 Mbit/s
  // its 0.2 MB would otherwise delay the WebAssembly, and the start, by a second.)
  const runtimeLoaded = pageWasm.then(() => undefined);
  const wheel = runtimeLoaded.then(() => fetchBytes(fileUrl("wheel")));
  const bytecode = runtimeLoaded.then(() => fetchBytes(fileUrl("bytecode")));
  const snapshot = await cachedSnapshot();
  let pyodide;
  if (snapshot) {
    try {
      pyodide = await loadPyodide({ indexURL, _loadSnapshot: snapshot.bytes, fsInit: () => startMark("wasm-ready") });
    } catch {
      pyodide = null; // a snapshot this runtime cannot use: start from scratch, and never meet it again
      await dropSnapshot();
    }
  }
  const fresh = !pyodide;
  if (fresh) pyodide = await loadPyodide({ indexURL, _makeSnapshot: true, fsInit: () => startMark("wasm-ready") });
  startMark("python-started");
  stepTo(2);
  // The package's files live outside Python's memory: install them on every start, with the
  // bytecode compiled from them when the site was built (so Python need not compile them here).
  const [wheelBytes, bytecodeBytes] = await Promise.all([wheel, bytecode]);
  const install = () => {
    pyodide.unpackArchive(wheelBytes, "wheel");
    pyodide.unpackArchive(bytecodeBytes, "zip");
    startMark("wheel-installed");
    pyodide.runPython("import recert_core.browser"); // from a snapshot: imported already
    startMark("imported");
  };
  // Everything else a check needs, read before the snapshot is made so that it holds them.
  // (The planner's module too: imported after "ready", and kept in the snapshot for later visits.)
  const prepare = () => browser.prepare(); // (browser: below, set before any step runs)
  // What answering "ready" need not wait for is done after that answer, or before the first other
  // call if that comes first: on a first visit, reading the rules (about 30 ms) and the snapshot
  // (about 50 ms), which must hold the state of before any check; on a repeat visit, whose Python has
  // all that in memory already, the package's files.
  const due = [];
  if (fresh) {
    install();
    due.push(prepare, () => {
      keeping.snapshot = keepSnapshot(pyodide.makeMemorySnapshot());
    });
  } else {
    due.push(install);
  }
  const settle = () => {
    while (due.length) {
      due[0]();
      due.shift(); // done: a step that failed is tried again by the next call
    }
  };
  const browser = pyodide.pyimport("recert_core.browser");
  return {
    settle,
    // After each answer: the garbage collection a check leaves paused (recert_core.browser.idle).
    tidy: () => due.push(() => browser.idle()),
    ready: () => new TextEncoder().encode(JSON.stringify({ fromSnapshot: !fresh, marks: [...startMarks, ...fetched(), ["answered", clock()]] })),
    check: (bytes, level, cycle, today) => bytesOf(browser.run_check(new Uint8Array(bytes), level, cycle, today)),
    plan: (...values) => bytesOf(browser.run_plan(...values)),
    csv: () => bytesOf(browser.last_csv()),
    json: () => bytesOf(browser.last_json()),
    // The PDF reader, fetched and installed on the first call (pdfReader below): what it took, as JSON.
    pdfReader: () => pdfReader(pyodide, browser),
    call: (name, ...args) => {
      if (!CALLS.includes(name)) throw fault("no-such-call", { name });
      return bytesOf(browser[name](...args.map((arg) => (arg instanceof ArrayBuffer ? new Uint8Array(arg) : arg))));
    },
  };
}

// A warm-up (see the top): a snapshot for this runtime, kept or made; never a check.
async function warm() {
  try {
    const db = await openStore();
    const held = await within(5000, done(db.transaction(STORE).objectStore(STORE).count(runtimeId)));
    db.close();
    if (held) return "kept";
  } catch {
    return "no-store"; // nothing to keep a snapshot in
  }
  const run = await start();
  run.settle();
  await keeping.snapshot;
  return "made";
}

const started = warming ? null : start();

// The PDF certificate reader: its loader (pdf-reader.mjs) imported, and the reader fetched and installed,
// only when the page first gives a PDF; never on the checker's first visit.
async function pdfReader(pyodide, browser) {
  const { loadPdfReader } = await import("./pdf-reader.mjs");
  const took = await loadPdfReader(pyodide, browser, params.get("pdf") && fileUrl("pdf"));
  return new TextEncoder().encode(JSON.stringify(took));
}

// When the runtime's largest files had arrived ("fetched:<file>"), for the start-up's marks.
function fetched() {
  return performance.getEntriesByType("resource")
    .filter((entry) => /pyodide\.asm\.(wasm|mjs)$|python_stdlib\.zip$|\.whl$|bytecode\.zip$/.test(entry.name))
    .map((entry) => [`fetched:${entry.name.split("/").at(-1).split("?")[0]}`, performance.timeOrigin + entry.responseEnd]);
}

// Python answers in UTF-8 bytes (see recert_core/browser.py): copied out of Python's memory at
// once and handed to the page without a copy.
function bytesOf(answer) {
  try {
    return answer.toJs();
  } finally {
    answer.destroy();
  }
}

const message = (error) => String(error?.message ?? error);

onmessage = async ({ data: { id, op, args = [] } }) => {
  if (op === undefined || !started) return; // the page's WebAssembly (above), not a call; or a warm-up
  let run;
  try {
    run = await started;
  } catch (error) {
    postMessage({ id, error: message(error), fault: faultOf(error), starting: true });
    return;
  }
  try {
    if (op !== "ready") {
      run.settle();
      run.tidy(); // once this answer is sent (below), or before the next call
    }
    const began = clock();
    const payload = await run[op](...args); // the PDF reader's loading is the one call that waits
    const ended = clock();
    // `at`: when Python began and ended this call (wall clock), for the page's performance marks.
    postMessage({ id, payload, ms: ended - began, at: [began, ended] }, [payload.buffer]);
  } catch (error) {
    // A bug, not a bad file: the page says so plainly and stays usable.
    postMessage({ id, error: message(error).split("\n").at(-2) || message(error), fault: faultOf(error) });
  }
  setTimeout(() => {
    try {
      run.settle();
    } catch {
      // the next call meets it again and says so
    }
  }, 0);
};

if (warming) {
  warm().then(
    (outcome) => postMessage({ warm: outcome }),
    (error) => postMessage({ warm: "failed", error: message(error) }),
  );
}
