// Imported first by the checker's worker: a second line of defence, not the policy.
//
// The policy is the Content-Security-Policy header (`connect-src 'self'`, `script-src 'self'`,
// `worker-src 'self'`). It reaches this worker from hosts that read the build's header files, and on
// every host, GitHub Pages included, from the site's service worker once it controls the page (sw.js
// gives every response it serves the header; see docs/security.md). Without either (a first visit
// straight to the checker on a host that sends no headers) this guard is all there is, and patching a
// worker's globals cannot be complete.
//
// What it refuses, before Python or anything else in the worker runs, for a URL outside the site (the
// folder above checker/): fetch (the global and the one on WorkerGlobalScope.prototype; the URL taken
// once, from a Request built here, so an object that answers differently the second time cannot
// slip through), a fetch that is redirected (the site's own files never are), XMLHttpRequest,
// WebSocket, EventSource, WebTransport, Cache.add/addAll, and any nested worker (blob:, data: or
// other: this worker starts none).
// What it cannot refuse, and only the policy can: an XMLHttpRequest to the site that the server
// redirects elsewhere, and a dynamic import() of another origin's module.
import { fault } from "./fault.mjs";

const site = new URL("../", import.meta.url).href;

// blob: and data: URLs are inside: reading them reaches no server.
export function insideSite(url) {
  const target = new URL(url, import.meta.url);
  return target.protocol === "blob:" || target.protocol === "data:" || target.href.startsWith(site);
}

function refuse(url) {
  return fault("outside-site", { url }, TypeError);
}

const scope = Object.getPrototypeOf(Object.getPrototypeOf(globalThis)); // WorkerGlobalScope.prototype
const originalFetch = globalThis.fetch;
function guardedFetch(input, init) {
  let request;
  try {
    request = new Request(input, { ...init, redirect: "error" });
  } catch (error) {
    return Promise.reject(error);
  }
  return insideSite(request.url) ? originalFetch.call(globalThis, request) : Promise.reject(refuse(request.url));
}
for (const holder of new Set([globalThis, scope, Object.getPrototypeOf(globalThis)])) {
  if (holder && Object.hasOwn(holder, "fetch")) {
    Object.defineProperty(holder, "fetch", { value: guardedFetch, writable: true, configurable: false });
  }
}
globalThis.fetch = guardedFetch;

if (globalThis.XMLHttpRequest) {
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    const href = new URL(String(url), import.meta.url).href; // read once
    if (!insideSite(href)) throw refuse(href);
    return open.call(this, method, href, ...rest);
  };
}

if (globalThis.Cache) {
  for (const name of ["add", "addAll"]) {
    const original = Cache.prototype[name];
    Cache.prototype[name] = function (requests) {
      const list = (name === "add" ? [requests] : [...requests]).map((r) => new Request(r));
      const outside = list.find((r) => !insideSite(r.url));
      if (outside) return Promise.reject(refuse(outside.url));
      return original.call(this, name === "add" ? list[0] : list);
    };
  }
}

for (const name of ["WebSocket", "EventSource", "WebTransport", "WebSocketStream", "Worker", "SharedWorker"]) {
  if (globalThis[name]) {
    Object.defineProperty(globalThis, name, {
      value: function refused(url) {
        throw refuse(url);
      },
      writable: false,
      configurable: false,
    });
  }
}
