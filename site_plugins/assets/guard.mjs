// Imported first by the checker's worker: the worker may reach this site and nothing else.
//
// A page's <meta> Content-Security-Policy does not cover the Web Workers it starts, and not every
// host sends the CSP header the site's `_headers` file names for worker.mjs. So the worker refuses,
// itself, any fetch, XMLHttpRequest, WebSocket or EventSource to a URL outside the site (the folder
// above checker/), before Python or anything else in it runs.
const site = new URL("../", import.meta.url).href;

export function insideSite(url) {
  const target = new URL(url, import.meta.url);
  if (target.protocol === "blob:" || target.protocol === "data:") return true;
  return target.href.startsWith(site);
}

function refuse(url) {
  return new TypeError(`The checker may load files from this site only, not ${url}`);
}

const siteFetch = globalThis.fetch.bind(globalThis);
globalThis.fetch = (input, init) => {
  const url = input instanceof Request ? input.url : String(input);
  return insideSite(url) ? siteFetch(input, init) : Promise.reject(refuse(url));
};

if (globalThis.XMLHttpRequest) {
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    if (!insideSite(String(url))) throw refuse(url);
    return open.call(this, method, url, ...rest);
  };
}

for (const name of ["WebSocket", "EventSource"]) {
  if (globalThis[name]) {
    globalThis[name] = function refused(url) {
      throw refuse(url);
    };
  }
}
