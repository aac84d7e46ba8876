// The checker's Web Worker: starts Python (Pyodide, served by this site) and recert_core, then
// checks the files the page sends. The page stays responsive while this loads and runs.
import { loadPyodide } from "./pyodide/pyodide.mjs";

const wheel = new URL(new URL(import.meta.url).searchParams.get("wheel"), import.meta.url).href;
const say = (step, text) => postMessage({ type: "progress", step, text });

const started = (async () => {
  say(1, "Loading the Python runtime…");
  const pyodide = await loadPyodide({ indexURL: new URL("./pyodide/", import.meta.url).href });
  say(2, "Installing the checker…");
  // loadPackage resolves even when a download failed: collect the errors and fail loudly.
  const errors = [];
  await pyodide.loadPackage(wheel, { messageCallback: () => {}, errorCallback: (message) => errors.push(message) });
  if (errors.length) throw new Error(errors.join(" "));
  const browser = pyodide.pyimport("recert_core.browser");
  return { check: browser.run_check, plan: browser.run_plan };
})();

started.then(
  () => postMessage({ type: "ready" }),
  (error) => postMessage({ type: "failed", message: String(error?.message ?? error) }),
);

onmessage = async ({ data }) => {
  const run = await started;
  let payload;
  try {
    payload = data.type === "plan"
      ? run.plan(...data.values)
      : run.check(new Uint8Array(data.bytes), data.level, data.cycle, data.today);
  } catch (error) {
    // A bug, not a bad file: say so plainly, keep the page usable.
    payload = JSON.stringify({ ok: false, error: `The checker failed on this file (${String(error?.message ?? error).split("\n").at(-2) ?? "unknown error"}). Please report it.` });
  }
  postMessage({ type: data.type === "plan" ? "plan" : "result", id: data.id, payload });
};
