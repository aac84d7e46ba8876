// Every page of the site loads this: it registers the site's service worker (sw.js, named by the page's
// <meta name="recert-service-worker">, which a build writes and `mkdocs serve` does not), then, once
// the browser is idle, has the checker made ready before the reader asks for it: the service worker
// keeps the checker's files, and Python is started once in a worker of its own so that its memory
// snapshot is kept too. Opening the checker later is then as fast as a repeat visit, offline included.
// Nothing is downloaded for this when the browser says to save data (Save-Data).
//
// On the checker page itself all that waits until the checker has started (or failed to): its files
// then come from the browser's HTTP cache, not from the network a second time, and its own start
// keeps the snapshot.
//
// The state, for tests and the benchmark, on <html>: data-recert-service-worker ("registered", "none",
// "failed") and data-recert-warm ("files", "python", then "done", "incomplete", "save-data" or "failed").

const meta = document.querySelector('meta[name="recert-service-worker"]');
const checker = document.getElementById("recert-checker");
const state = document.documentElement.dataset;
const WARM_LIMIT = 300_000; // ms: a warm-up still going after this is given up (the page can be left open)
const PYTHON_WARM = "recert-python-warm"; // sessionStorage: the build whose Python this tab has warmed

const saveData = () => navigator.connection?.saveData === true;

function idle() {
  return new Promise((resolve) => {
    const ask = () => (globalThis.requestIdleCallback ? requestIdleCallback(() => resolve(), { timeout: 5000 }) : setTimeout(resolve, 1000));
    if (document.readyState === "complete") ask();
    else addEventListener("load", ask, { once: true });
  });
}

// The checker page: resolved once the checker has started, or failed to (its data-state leaves "loading").
function checkerSettled() {
  return new Promise((resolve) => {
    const settled = () => checker.dataset.state !== "loading";
    if (settled()) return resolve();
    const watch = new MutationObserver(() => {
      if (!settled()) return;
      watch.disconnect();
      resolve();
    });
    watch.observe(checker, { attributes: true, attributeFilter: ["data-state"] });
  });
}

// Asks the active service worker to keep the checker's files: { warmed, worker, version } at the end.
function keepCheckerFiles(active) {
  return new Promise((resolve, reject) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => reject(new Error("timed out")), WARM_LIMIT);
    channel.port1.onmessage = ({ data }) => {
      if (data.total !== undefined) state.recertWarmTotal = String(data.total);
      if (data.done !== undefined) state.recertWarmDone = String(data.done);
      if (data.warmed === undefined) return;
      clearTimeout(timer);
      resolve(data);
    };
    active.postMessage({ warm: "checker", saveData: saveData() }, [channel.port2]);
  });
}

// Starts Python once, in a worker of its own, for its snapshot (worker.mjs with `warm`), then ends it.
function keepPythonSnapshot(workerUrl) {
  return new Promise((resolve) => {
    const url = new URL(workerUrl);
    url.searchParams.set("warm", "1");
    let worker;
    const end = (outcome) => {
      clearTimeout(timer);
      worker?.terminate();
      resolve(outcome);
    };
    const timer = setTimeout(() => end("timed out"), WARM_LIMIT);
    try {
      worker = new Worker(url, { type: "module" });
    } catch {
      end("failed");
      return;
    }
    worker.onmessage = ({ data }) => {
      if (data?.warm !== undefined) end(data.warm);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      end("failed");
    };
  });
}

async function warmUp(registration) {
  await (checker ? checkerSettled() : idle());
  if (saveData() && !checker) {
    state.recertWarm = "save-data";
    return;
  }
  await navigator.serviceWorker.ready;
  const active = registration.active;
  if (!active) return;
  state.recertWarm = "files";
  const files = await keepCheckerFiles(active);
  if (!files.warmed) {
    state.recertWarm = "incomplete";
    return;
  }
  let warmed = null;
  try {
    warmed = sessionStorage.getItem(PYTHON_WARM);
  } catch {
    // no sessionStorage: warm again
  }
  if (!checker && warmed !== files.version) {
    state.recertWarm = "python";
    const outcome = await keepPythonSnapshot(files.worker);
    if (outcome !== "kept" && outcome !== "made") {
      state.recertWarm = "failed";
      return;
    }
    try {
      sessionStorage.setItem(PYTHON_WARM, files.version);
    } catch {
      // only saves the next page a few milliseconds
    }
  }
  state.recertWarm = "done";
}

async function main() {
  if (!meta || !("serviceWorker" in navigator)) {
    state.recertServiceWorker = "none";
    return;
  }
  if (checker) await checkerSettled(); // the checker's own start comes first
  let registration;
  try {
    registration = await navigator.serviceWorker.register(new URL(meta.content, location.href));
  } catch {
    state.recertServiceWorker = "failed";
    return;
  }
  state.recertServiceWorker = "registered";
  try {
    await warmUp(registration);
  } catch {
    state.recertWarm = "failed";
  }
}

main();
