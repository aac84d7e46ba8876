// The PDF certificate reader, for the checker's worker: fetched when the first PDF is given, never on
// the checker's first visit (the service worker keeps it once fetched: site_plugins/offline.py's
// ON_DEMAND). One zip of bytecode compiled when the site was built: pypdf (the pinned PDF library),
// recert_core's certificate reader, and the standard-library modules they need beyond the checker's.
// It is unpacked into a folder of its own, which Python then imports from
// (recert_core.browser.install_pdf_reader). A failed fetch is tried again on the next PDF.
import { fault } from "./fault.mjs";

const FOLDER = "/lib/recert-pdf";
const reader = { loading: null }; // the one load, shared by every call that needs it

export function loadPdfReader(pyodide, browser, url) {
  reader.loading ??= (async () => {
    if (!url) throw fault("no-pdf-reader");
    const began = performance.now();
    const response = await fetch(url);
    if (!response.ok) throw fault("file-not-loaded", { file: new URL(url).pathname, status: response.status });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const fetched = performance.now();
    pyodide.unpackArchive(bytes, "zip", { extractDir: FOLDER });
    browser.install_pdf_reader(FOLDER);
    const ready = performance.now();
    return { bytes: bytes.byteLength, fetch_ms: fetched - began, install_ms: ready - fetched };
  })();
  reader.loading.catch(() => {
    reader.loading = null;
  });
  return reader.loading;
}
