// The checker's service worker (scope: checker/): keeps what the checker needs, so that a repeat
// visit and an offline one need no network. Written by the build (site_plugins/offline.py), which
// fills in FILES: each file the checker loads, relative to this script, with its SHA-256.
//
// install: fetch every file (from the browser's HTTP cache where it has it: the page registers this
//   worker once the checker is ready, so a first visit's files are not downloaded twice), check it
//   against its hash (pages excepted), and keep it in this build's cache. A copy that does not
//   match (an old one in the HTTP cache) is fetched again from the host; if that does not match
//   either (a deploy caught half-way), the install fails and the next visit tries again.
// activate: remove the caches of earlier builds, and take over the open checker pages.
// fetch: a file of the list comes from the cache (the page under any query, the worker under its
//   query of hashes, with or without wasm=page); anything else goes to the network as if this worker were not there.
// A new deploy is a new sw.js: the browser installs it beside this one and it takes over once no
// checker page uses the old one, so a page never mixes two builds' files.
const VERSION = "__VERSION__";
const FILES = __FILES__;
// Files fetched only when needed (the PDF certificate reader): not kept at install, so a first visit
// carries none of their bytes; kept in this build's cache once fetched, checked against their hash.
const ON_DEMAND = __ON_DEMAND__;
const CACHE = `recert-checker-${VERSION}`;
// By path and query: the worker is kept under its address with its query of hashes, since a module
// worker takes the address of the response it is given as its own (and reads its query).
const urls = new Map(Object.keys(FILES).map((file) => [address(new URL(file, location.href)), file]));
const later = new Map(Object.keys(ON_DEMAND).map((file) => [address(new URL(file, location.href)), file]));

function address(url) {
  return url.pathname.replace(/\/$/, "/index.html") + url.search;
}

const hex = (buffer) => [...new Uint8Array(buffer)].map((byte) => byte.toString(16).padStart(2, "0")).join("");

async function keep(cache, file) {
  const url = new URL(file, location.href);
  for (const mode of ["default", "reload"]) {
    const response = await fetch(url, { cache: mode });
    if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
    // A page is kept as the host sends it: some hosts rewrite HTML (a CDN's email obfuscation, a
    // test server's added script). Every other file must be this build's, byte for byte.
    if (url.pathname.endsWith(".html")) return cache.put(url, response);
    const digest = hex(await crypto.subtle.digest("SHA-256", await response.clone().arrayBuffer()));
    if (digest === FILES[file]) return cache.put(url, response);
  }
  throw new Error(`${file}: not the file of this build`);
}

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(Object.keys(FILES).map((file) => keep(cache, file)))));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("recert-checker-") && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== location.origin) return;
  if (later.has(address(url))) {
    event.respondWith(keptOnDemand(later.get(address(url)), request));
    return;
  }
  // The page under any query (the address keeps the level and cycle chosen); anything else as listed.
  let file = urls.get(address(url)) ?? (request.mode === "navigate" ? urls.get(address(new URL(url.pathname, url))) : undefined);
  // The worker as the page starts it when it hands over the WebAssembly itself: its query of hashes
  // plus wasm=page. It is given a response of its own (no address), so it keeps the address asked
  // for, query and all, and knows to wait for the page's module.
  let renamed = false;
  if (!file && url.searchParams.get("wasm") === "page") {
    const plain = new URL(url);
    plain.searchParams.delete("wasm");
    file = urls.get(address(plain));
    renamed = Boolean(file);
  }
  if (!file) return;
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(new URL(file, location.href)))
      .then((kept) =>
        !kept ? fetch(request) : !renamed ? kept : new Response(kept.body, { status: kept.status, statusText: kept.statusText, headers: kept.headers }),
      ),
  );
});

// An on-demand file: from the cache, or fetched once and kept when it is this build's (its hash matches).
async function keptOnDemand(file, request) {
  const cache = await caches.open(CACHE);
  const url = new URL(file, location.href);
  const kept = await cache.match(url);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) {
    const digest = hex(await crypto.subtle.digest("SHA-256", await response.clone().arrayBuffer()));
    if (digest === ON_DEMAND[file]) await cache.put(url, response.clone());
  }
  return response;
}
