// The site's service worker (sw.js at the site's root; its scope is the whole site). Written by the
// build (site_plugins/offline.py), which fills in this build's list of files, each with its SHA-256,
// its size and its group, the site's Content-Security-Policy and the checker's worker address.
//
// What it is for:
// - A policy where the host sends none (GitHub Pages): every response it builds carries the site's
//   Content-Security-Policy header, the one `_headers` gives hosts that read it. That reaches what a
//   page's <meta> policy cannot: the checker's Web Worker, whose policy comes from its script's
//   response, and `frame-ancestors`. A worker script the list does not name still gets the policy.
// - Files checked every time: a kept file is served only if its bytes have this build's SHA-256, each
//   time it is served (another page of the same origin can write to Cache Storage: on GitHub Pages
//   every project site of an account shares one origin). A file that does not match is dropped and
//   taken from the network instead; so is one not kept yet, which is kept once it matches.
// - The whole site offline: on install, every page and what the pages load ("pages"); in the
//   browser's idle time, once asked by a page (assets/offline.mjs), what the checker starts with
//   ("checker"); files only some checks need ("demand": a PDF reader's, say) are kept when first
//   fetched, never before.
//
// Cache Storage holds one cache, `recert-site`, whose entries are keyed by path and hash
// (`checker/worker.mjs?sha256=...`), so a new build reuses every file it shares with the last one, and
// two builds' files never mix. A new deploy is a new sw.js: it installs beside this one and takes over
// at once, unless a checker page is open (its page, worker and wheel must come from one build); then
// it waits until no checker page uses this one.
const VERSION = "__VERSION__";
const POLICY = "__POLICY__";
const WORKER = "__WORKER__"; // the checker's worker, as the checker page starts it (relative to here)
const FILES = __FILES__; // path (relative to here) -> [SHA-256 in hex, size in bytes, group]
const CACHE = "recert-site";
const SCOPE = new URL("./", location.href);
const CHECKER = new URL("checker/", SCOPE);
const TYPES = {
  html: "text/html; charset=utf-8",
  mjs: "text/javascript",
  js: "text/javascript",
  css: "text/css",
  json: "application/json",
  wasm: "application/wasm",
  zip: "application/zip",
  whl: "application/zip",
  csv: "text/csv; charset=utf-8",
  txt: "text/plain; charset=utf-8",
  png: "image/png",
  svg: "image/svg+xml",
  ico: "image/x-icon",
  webmanifest: "application/manifest+json",
  xml: "application/xml",
};

const keyOf = (path) => new URL(`${path}?sha256=${FILES[path][0]}`, SCOPE);
const hex = (buffer) => [...new Uint8Array(buffer)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
const sha256 = async (bytes) => hex(await crypto.subtle.digest("SHA-256", bytes));

// The listed file an address asks for ("cycles/2026/" is its index.html; any query is the page's own).
function fileFor(url) {
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return null;
  let path;
  try {
    path = decodeURIComponent(url.pathname.slice(SCOPE.pathname.length));
  } catch {
    return null;
  }
  if (path === "" || path.endsWith("/")) path += "index.html";
  return Object.hasOwn(FILES, path) ? path : null;
}

function headersFor(path) {
  const extension = path.split(".").at(-1);
  return new Headers({
    "Content-Type": TYPES[extension] ?? "application/octet-stream",
    "Content-Security-Policy": POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
  });
}

// The kept copy of a file, if it has this build's bytes (a copy that does not is dropped). It is the
// cached response itself, body unread (only its clone is read to check it): so the browser knows it
// came from Cache Storage, and keeps the WebAssembly compiled from it.
async function kept(path) {
  const cache = await caches.open(CACHE);
  const copy = await cache.match(keyOf(path));
  if (!copy) return null;
  if ((await sha256(await copy.clone().arrayBuffer())) === FILES[path][0]) return copy;
  await cache.delete(keyOf(path));
  return null;
}

async function keep(path, bytes) {
  if ((await sha256(bytes)) !== FILES[path][0]) return false;
  const cache = await caches.open(CACHE);
  await cache.put(keyOf(path), new Response(bytes, { headers: headersFor(path) }));
  return true;
}

// A response built here from the host's: its body as it is (already decoded), its headers less those
// about the encoding on the wire; with the policy unless `policy` is false.
function passedOn(response, body, { policy = true } = {}) {
  const headers = new Headers(response.headers);
  headers.delete("Content-Encoding");
  headers.delete("Content-Length");
  if (policy) headers.set("Content-Security-Policy", POLICY);
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

// A file from the host. Pages and worker scripts are read whole and checked first, so that only this
// build's pages are given the policy (a page of another build has other inline scripts; its own <meta>
// policy holds). Everything else streams to the page as it comes (the WebAssembly is compiled as it arrives)
// and is kept once all of it has come and matches.
async function fromNetwork(event, path, whole) {
  const response = await fetch(new URL(path, SCOPE), { cache: event.request.cache === "reload" ? "no-cache" : "default" });
  if (!response.ok) return response;
  if (whole) {
    const bytes = await response.arrayBuffer();
    if (await keep(path, bytes.slice(0))) return new Response(bytes, { headers: headersFor(path) });
    // Not this build's: a page keeps its own <meta> policy (the header's hashes are this build's
    // inline scripts); a worker script gets the policy, which names no inline script.
    return passedOn(response, bytes, { policy: event.request.mode !== "navigate" });
  }
  const [toPage, toCache] = response.body.tee();
  event.waitUntil(new Response(toCache).arrayBuffer().then((bytes) => keep(path, bytes)).catch(() => {}));
  return passedOn(response, toPage);
}

// Pages and worker scripts get headers made here, whatever the kept copy's say (a page of the origin
// can rewrite those too): the policy among them. Other files are handed over as kept.
async function serve(event, path) {
  const destination = event.request.destination;
  const whole = event.request.mode === "navigate" || destination === "worker" || destination === "sharedworker";
  const copy = await kept(path);
  if (copy) return whole ? new Response(copy.body, { headers: headersFor(path) }) : copy;
  return fromNetwork(event, path, whole);
}

// A worker script the list does not name (none of the site's own): from the network, under the policy.
async function withPolicy(request) {
  const response = await fetch(request);
  if (response.type !== "basic" || response.redirected) return response;
  return passedOn(response, response.body);
}

// A page the list does not name: from the network; offline, the site's "not found" page.
async function elsewhere(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const page = Object.hasOwn(FILES, "404.html") ? await kept("404.html") : null;
    if (!page) throw error;
    return new Response(page.body, { status: 404, headers: headersFor("404.html") });
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin) return;
  const path = fileFor(url);
  if (path) {
    event.respondWith(serve(event, path).catch(() => fetch(request)));
  } else if (request.destination === "worker" || request.destination === "sharedworker") {
    event.respondWith(withPolicy(request));
  } else if (request.mode === "navigate" && url.pathname.startsWith(SCOPE.pathname)) {
    event.respondWith(elsewhere(request));
  }
});

// Keeps each file of a group not kept yet, a few at a time; `progress(bytes)` after each. A file that
// cannot be had, or is not this build's, is left out (served from the network when asked for).
// `cache`: "default" downloads what the browser's HTTP cache lacks; "only-if-cached" downloads nothing.
async function keepGroup(group, { cache = "default", progress = () => {} } = {}) {
  const store = await caches.open(CACHE);
  const paths = Object.keys(FILES).filter((path) => FILES[path][2] === group);
  const missing = [];
  for (const path of paths) {
    if (await store.match(keyOf(path))) progress(FILES[path][1]);
    else missing.push(path);
  }
  const fetchOne = async (path) => {
    for (const mode of [cache, ...(cache === "default" ? ["no-cache"] : [])]) {
      try {
        const response = await fetch(new URL(path, SCOPE), { cache: mode, mode: "same-origin" });
        if (response.ok && (await keep(path, await response.arrayBuffer()))) break;
      } catch {
        // not to be had now: left out
      }
    }
    progress(FILES[path][1]);
  };
  const queue = [...missing];
  const lane = async () => {
    while (queue.length) await fetchOne(queue.shift());
  };
  await Promise.all([lane(), lane(), lane()]);
  let complete = true;
  for (const path of paths) complete = complete && Boolean(await store.match(keyOf(path)));
  return complete;
}

const isChecker = (client) => client.url.startsWith(CHECKER.href);

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      await keepGroup("pages");
      const open = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      if (!open.some(isChecker)) await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("recert-checker-")) await caches.delete(name); // earlier builds' checker/sw.js
      }
      const cache = await caches.open(CACHE);
      const wanted = new Set(Object.keys(FILES).map((path) => keyOf(path).href));
      for (const request of await cache.keys()) {
        if (!wanted.has(request.url)) await cache.delete(request);
      }
      await self.clients.claim();
    })(),
  );
});

// A page asks for the checker's files to be kept ({ warm: "checker", saveData }); the answer, on the
// message's port: { total } first, { done } as files come, then { warmed: complete, worker, version }.
// With Save-Data, only what the browser's HTTP cache holds is kept (the checker page's own visit).
self.addEventListener("message", (event) => {
  if (event.data?.warm !== "checker" || !event.ports[0]) return;
  const port = event.ports[0];
  const paths = Object.keys(FILES).filter((path) => FILES[path][2] === "checker");
  const total = paths.reduce((sum, path) => sum + FILES[path][1], 0);
  let done = 0;
  port.postMessage({ total });
  const cache = event.data.saveData ? "only-if-cached" : "default";
  event.waitUntil(
    keepGroup("checker", { cache, progress: (bytes) => port.postMessage({ done: (done += bytes) }) })
      .catch(() => false)
      .then((complete) => port.postMessage({ warmed: complete, worker: new URL(WORKER, SCOPE).href, version: VERSION })),
  );
});
