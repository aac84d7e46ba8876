"""Issue 20's "never stuck", in the three engines: whatever the browser has kept (Python's snapshot in
IndexedDB, remembered choices in localStorage) and whatever file is given, the checker starts, checks,
or says what happened and offers to start again.

A cut-off worker.mjs kept by the service worker is tests/test_policy.py's (kept files are checked
every time they are served).
"""

from __future__ import annotations

import pytest
from browsers import SiteServer
from conftest import ENGINES

pytestmark = [pytest.mark.browser, pytest.mark.site]

READY = "#recert-checker[data-state=ready]"

# Whether a snapshot is kept for this page's runtime, as worker.mjs keeps it (with its digest).
SNAPSHOT_KEPT = """return (async () => {
  const runtime = new URL(document.getElementById('recert-checker').dataset.worker, location.href)
    .searchParams.get('runtime');
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open('recert-python', 1);
    request.onupgradeneeded = () => request.result.createObjectStore('snapshots');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const kept = await new Promise((resolve) => {
    const request = db.transaction('snapshots').objectStore('snapshots').get(runtime);
    request.onsuccess = () => resolve(request.result);
  });
  db.close();
  return Boolean(kept && typeof kept.sha256 === 'string');
})();"""

# Replaces it, as damage or another page of the origin could: `null`; its pages cut off; one byte
# changed; or pages of noise with a digest that matches them (what only a deliberate writer makes:
# the check passes, and Python cannot start from it).
SNAPSHOT_SPOILED = """const how = arguments[0];
return (async () => {
  const runtime = new URL(document.getElementById('recert-checker').dataset.worker, location.href)
    .searchParams.get('runtime');
  const db = await new Promise((resolve) => {
    const request = indexedDB.open('recert-python', 1);
    request.onsuccess = () => resolve(request.result);
  });
  const kept = await new Promise((resolve) => {
    const request = db.transaction('snapshots').objectStore('snapshots').get(runtime);
    request.onsuccess = () => resolve(request.result);
  });
  const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
  const digest = async (bytes) => hex(await crypto.subtle.digest('SHA-256', bytes));
  let value = null;
  if (how === 'cut') value = { ...kept, data: kept.data.slice(0, kept.data.byteLength >> 1) };
  if (how === 'damaged') {
    const data = new Uint8Array(kept.data.slice(0));
    data[data.length >> 1] ^= 0xff;
    value = { ...kept, data: data.buffer };
  }
  if (how === 'noise') {
    const data = new Uint8Array(kept.data.byteLength);
    for (let at = 0; at < data.length; at += 65536) crypto.getRandomValues(data.subarray(at, at + 65536));
    const pages = await digest(kept.pages);
    value = { ...kept, data: data.buffer };
    value.sha256 = await digest(new TextEncoder().encode(`${runtime} ${kept.size} ${pages} ${await digest(data)}`));
  }
  const transaction = db.transaction('snapshots', 'readwrite');
  transaction.objectStore('snapshots').put(value, runtime);
  await new Promise((resolve) => { transaction.oncomplete = resolve; });
  db.close();
  return how;
})();"""


@pytest.mark.parametrize("engine", ENGINES)
def test_a_spoiled_snapshot_is_dropped_and_python_starts_from_scratch(built_site, engines, engine):
    if missing := engines.missing(engine):
        pytest.fail(missing)
    server = SiteServer(built_site)
    driver = engines.driver(engine)
    try:
        # Each visit at an address of its own: WebKitGTK starts a worker cold when the very same address
        # is loaded again.
        driver.goto(f"{server.url}/checker/?level=emt&cycle=2018")
        driver.wait_for(READY, timeout=120)
        for visit, how in enumerate(["null", "cut", "damaged", "noise"]):
            driver.wait(SNAPSHOT_KEPT, timeout=60)  # the last start's, kept once it answered "ready"
            assert driver.js(SNAPSHOT_SPOILED, how) == how
            driver.goto(f"{server.url}/checker/?level=emt&cycle={2019 + visit}")
            driver.wait_for(READY, timeout=120)
            assert driver.attr("#recert-checker", "data-snapshot") == "no", how
        driver.wait(SNAPSHOT_KEPT, timeout=60)
        driver.goto(f"{server.url}/checker/?level=aemt&cycle=2018")
        driver.wait_for(READY, timeout=120)
        assert driver.attr("#recert-checker", "data-snapshot") == "yes"  # the one made afresh
        assert driver.page_errors() == []
    finally:
        driver.close()
        server.close()
