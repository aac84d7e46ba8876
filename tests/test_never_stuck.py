"""Issue 20's "never stuck", in the three engines: whatever the browser has kept (Python's snapshot in
IndexedDB, remembered choices in localStorage) and whatever file is given, the checker starts, checks,
or says what happened and offers to start again.

A cut-off worker.mjs kept by the service worker is tests/test_policy.py's (kept files are checked
every time they are served).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from browsers import SiteServer
from conftest import ENGINES

from recert_core.problems import group

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


# --- the page: every start and every check has a time limit ---------------------------------------------

# Where worker.mjs answers a call: a test's worker that hangs or fails is this line with a condition before it.
ANSWER = "    const payload = await run[op](...args);"
A_FILES_CALL = 'op === "call" && ["run_check", "preview"].includes(args[0]) && args[1] instanceof Uint8Array'


def worker_that(does: str, word: str):
    """The checker's worker changed so that a check of a file holding `word` never answers ("hangs"), or
    throws ("fails"), as a bug or a hostile file could make the real one do."""
    action = "return;" if does == "hangs" else 'throw new Error("a bug the test put in");'

    def change(script: str) -> str:
        assert ANSWER in script, "worker.mjs no longer answers a call where the tests change it"
        condition = f"{A_FILES_CALL} && new TextDecoder().decode(args[1]).includes({word!r})"
        return script.replace(ANSWER, f"    if ({condition}) {action}\n{ANSWER}")

    return change


def csv_file(tmp: Path, name: str, title: str = "Airway management") -> Path:
    path = tmp / name
    path.write_text(f"Date,Title,Hours,Approval\n2025-03-04,{title},2,MA-T2-2025-1001\n", encoding="utf-8")
    return path


def verdict_shown(driver, timeout: float = 60) -> None:
    driver.wait("const v = document.querySelector('#recert-verdict'); return !!v && !!v.offsetParent", timeout=timeout)


def workers(driver) -> int:
    """How many workers the page has started (calls.mjs's data-workers)."""
    return int(driver.attr("#recert-checker", "data-workers") or 0)


def checked(driver, path: Path, timeout: float = 60) -> None:
    """Chooses the file, then waits until the page shows what came of it: a verdict or a message."""
    driver.js(
        "document.querySelector('#recert-report').replaceChildren();"
        " document.querySelector('#recert-error').replaceChildren();"
    )
    driver.set_file("#recert-file", path)
    driver.wait(
        "const s = document.querySelector('#recert-status').textContent;"
        " return !s.startsWith('Checking') && !s.startsWith('Ready')"
        " && [...document.querySelectorAll('#recert-verdict, #recert-error p')].some((e) => !!e.offsetParent);",
        timeout=timeout,
    )


@pytest.fixture
def checker(built_site, engines, engine):
    """A fresh browser on the checker, served by a server of the test's own (whose worker it may change)."""
    server = SiteServer(built_site)
    driver = engines.driver(engine)
    try:
        yield server, driver
    finally:
        driver.close()
        server.close()


def open_checker(server: SiteServer, driver, query: str = "?level=emt&cycle=2026") -> None:
    driver.goto(f"{server.url}/checker/{query}")
    driver.wait_for(READY, timeout=120)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_check_that_never_answers_is_reported_and_the_checker_starts_again(checker, tmp_path):
    server, driver = checker
    server.change_worker(worker_that("hangs", "HANG-ME"))
    open_checker(server, driver)
    driver.set_file("#recert-file", csv_file(tmp_path, "slow.csv", "HANG-ME course"))
    driver.wait("const b = document.querySelector('#recert-restart'); return !!b && !!b.offsetParent", timeout=120)
    assert "has taken more than" in driver.text("#recert-error")
    started = workers(driver)
    driver.click("#recert-restart")
    driver.wait_for(READY, timeout=120)
    assert workers(driver) == started + 1  # a fresh worker
    driver.set_file("#recert-file", csv_file(tmp_path, "fine.csv"))
    verdict_shown(driver)
    assert driver.page_errors() == []


@pytest.mark.parametrize("engine", ENGINES)
def test_a_check_that_fails_is_said_and_its_worker_replaced_and_the_same_file_checks_again(checker, tmp_path):
    server, driver = checker
    server.change_worker(worker_that("fails", "EXPLODE"))
    open_checker(server, driver)
    bad = csv_file(tmp_path, "bug.csv", "EXPLODE course")
    for attempt in (1, 2):  # the same file chosen again is checked again
        started = workers(driver)
        checked(driver, bad)
        assert "failed" in driver.text("#recert-error"), attempt
        driver.wait_for(READY, timeout=120)  # the failed worker replaced by a fresh one
        assert workers(driver) == started + 1, attempt
    driver.set_file("#recert-file", csv_file(tmp_path, "fine.csv"))
    verdict_shown(driver)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_same_file_chosen_again_is_checked_again(checker, tmp_path):
    server, driver = checker
    open_checker(server, driver)
    path = csv_file(tmp_path, "mine.csv")
    for _ in range(2):
        driver.js("document.querySelector('#recert-report').replaceChildren()")
        driver.set_file("#recert-file", path)
        verdict_shown(driver)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_start_that_never_moves_on_is_reported_and_the_checker_starts_again(checker):
    server, driver = checker
    server.change_worker(lambda script: "await new Promise(() => {});\n" + script)  # never says anything
    driver.goto(f"{server.url}/checker/?level=emt&cycle=2026")
    driver.wait("const b = document.querySelector('#recert-restart'); return !!b && !!b.offsetParent", timeout=120)
    assert "while starting" in driver.text("#recert-error")
    server.change_worker(None)
    driver.click("#recert-restart")
    driver.wait_for(READY, timeout=120)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_file_the_host_lost_is_named_in_the_pages_own_words_and_the_checker_starts_once_it_is_back(checker):
    """The worker has no wording: its failure to load the checker's wheel reaches the page as a fault, a
    code of sentences.toml's [page.fault] with its values, which the page says (fault.mjs, calls.mjs)."""
    server, driver = checker
    server.lose(".whl")
    driver.goto(f"{server.url}/checker/?level=emt&cycle=2026")
    driver.wait("const b = document.querySelector('#recert-restart'); return !!b && !!b.offsetParent", timeout=120)
    worker = driver.attr("#recert-checker", "data-worker") or ""
    wheel = urljoin(f"{server.url}/checker/", parse_qs(urlsplit(worker).query)["wheel"][0])
    said = group("page")["fault.file-not-loaded"].format(file=urlsplit(wheel).path, status=404)
    assert said in driver.text("#recert-error")
    assert driver.attr("#recert-checker", "data-state") == "error"
    server.lose()
    driver.click("#recert-restart")
    driver.wait_for(READY, timeout=120)


def hostile_workbooks() -> dict[str, bytes]:
    """Workbooks whose attributes a reader takes as numbers hold words instead (the hostile round's)."""
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"

    def xlsx(rows: str, styles: str = '<cellXfs count="1"><xf numFmtId="0"/></cellXfs>') -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr(
                "xl/workbook.xml",
                f'<workbook {main} {rel}><sheets><sheet name="T" sheetId="1" r:id="rId1"/></sheets></workbook>',
            )
            archive.writestr(
                "xl/_rels/workbook.xml.rels",
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId1" Type="{kind}" Target="worksheets/sheet1.xml"/></Relationships>',
            )
            archive.writestr("xl/worksheets/sheet1.xml", f"<worksheet {main}><sheetData>{rows}</sheetData></worksheet>")
            archive.writestr("xl/styles.xml", f"<styleSheet {main}>{styles}</styleSheet>")
        return buffer.getvalue()

    def text(ref: str, value: str) -> str:
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'

    header = f'<row r="1">{text("A1", "Date")}{text("B1", "Title")}{text("C1", "Hours")}</row>'
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )

    def ods(rows: str) -> bytes:
        content = (
            f"<office:document-content {ns}><office:body><office:spreadsheet>"
            f'<table:table table:name="S">{rows}</table:table>'
            "</office:spreadsheet></office:body></office:document-content>"
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
            archive.writestr("content.xml", content)
        return buffer.getvalue()

    def cell(value: str, attributes: str = "") -> str:
        return f"<table:table-cell {attributes}><text:p>{value}</text:p></table:table-cell>"

    ods_header = f"<table:table-row>{cell('Date')}{cell('Title')}{cell('Hours')}</table:table-row>"
    return {
        "style-number.xlsx": xlsx(
            header + f'<row r="2"><c r="A2" s="1"><v>45000</v></c>{text("B2", "Airway")}<c r="C2"><v>2</v></c></row>',
            '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="date"/></cellXfs>',
        ),
        "style-index.xlsx": xlsx(
            header
            + f'<row r="2"><c r="A2" s="first"><v>45000</v></c>{text("B2", "Airway")}<c r="C2"><v>2</v></c></row>'
        ),
        "row-number.xlsx": xlsx(
            header.replace('r="1"', 'r="one"', 1)
            + f'<row r="two"><c r="A2"><v>45000</v></c>{text("B2", "Airway")}<c r="C2"><v>2</v></c></row>'
        ),
        "shared-index.xlsx": xlsx(
            header + f'<row r="2"><c r="A2" t="s"><v>first</v></c>{text("B2", "Airway")}<c r="C2"><v>2</v></c></row>'
        ),
        "repeated.ods": ods(
            ods_header
            + '<table:table-row table:number-rows-repeated="many">'
            + cell("2025-03-04")
            + cell("Airway", 'table:number-columns-repeated="several"')
            + cell("2")
            + "</table:table-row>"
        ),
        "float-value.ods": ods(
            ods_header
            + "<table:table-row>"
            + cell("March", 'office:value-type="date" office:date-value="soon"')
            + cell("Airway")
            + cell("2", 'office:value-type="float" office:value="two"')
            + "</table:table-row>"
        ),
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_a_workbook_with_words_where_numbers_belong_never_leaves_the_page_checking(checker, tmp_path):
    server, driver = checker
    open_checker(server, driver)
    for name, content in hostile_workbooks().items():
        path = tmp_path / name
        path.write_bytes(content)
        checked(driver, path)  # a verdict, or a message saying why not
        driver.wait_for(READY, timeout=120)  # and the checker is usable again
    driver.set_file("#recert-file", csv_file(tmp_path, "fine.csv"))
    verdict_shown(driver)


# What a header's remembered choice of columns is kept under (columns.mjs: FNV-1a over its JSON).
HEADER_KEY = """const header = arguments[0];
let hash = 0x811c9dc5;
for (const char of JSON.stringify(header)) {
  hash ^= char.codePointAt(0);
  hash = Math.imul(hash, 0x01000193) >>> 0;
}
return 'recert-columns-' + hash.toString(16);"""

# Five remembered choices no file can be read with: each header's own, each spoiled another way.
POISONED = {
    ("Completion Date", "Course Title", "Credit Hours"): {"columns": {"date": "Finished On"}},
    ("Date Earned", "Course Name", "CE Hours"): {"columns": {"__proto__": {"date": "x"}, "hours": 7}},
    ("Date Completed", "Activity Title", "Contact Hours"): {"columns": "date=Date Completed"},
    ("Class Date", "Class Name", "CEH"): {"columns": {"ignore": ["Class Date", "Class Name", "CEH"]}},
    ("Date", "Course", "Hours"): {"columns": {"date": "Date", "title": "Date", "hours": "Hours"}},
}


@pytest.mark.parametrize("engine", ENGINES)
def test_remembered_column_choices_that_cannot_be_used_are_dropped_with_a_note(checker, tmp_path):
    server, driver = checker
    open_checker(server, driver)
    for i, (header, spoiled) in enumerate(POISONED.items()):
        key = driver.js(HEADER_KEY, list(header))
        kept = json.dumps({"header": list(header), **spoiled})
        driver.js("localStorage.setItem(arguments[0], arguments[1])", key, kept)
        path = tmp_path / f"tracker-{i}.csv"
        path.write_text(f"{','.join(header)}\n03/04/2025,Airway management,2\n", encoding="utf-8")
        checked(driver, path)
        verdict_shown(driver, timeout=5)
        assert "could not be used" in driver.text("#recert-status"), header
        assert driver.js("return localStorage.getItem(arguments[0])", key) is None, header


@pytest.mark.parametrize("engine", ENGINES)
def test_remembered_courses_that_cannot_be_read_are_dropped_with_a_note(checker):
    server, driver = checker
    open_checker(server, driver)
    good = {"date": "2025-03-04", "title": "Airway management", "hours": "2", "approval": "MA-T2-2025-1001"}
    rows = [good, {"title": {"nested": 1}}, "a row", None, {"date": "2025-03-05", "title": "x" * 100_000}]
    driver.js("localStorage.setItem('recert-editor-rows', arguments[0])", json.dumps(rows))
    open_checker(server, driver, "?level=emt&cycle=2027")  # the editor opens with the rows remembered
    driver.wait_for("#recert-editor-title", timeout=60)
    assert driver.count("#recert-editor tbody tr") == 1
    assert driver.value("#recert-edit-0-title") == good["title"]
    assert "could not be read" in driver.text("#recert-editor")
    kept = json.loads(driver.js("return localStorage.getItem('recert-editor-rows')"))
    assert kept == [{**{field: "" for field in kept[0]}, **good}]
    driver.js("localStorage.setItem('recert-editor-rows', arguments[0])", json.dumps({"not": "a list"}))
    open_checker(server, driver, "?level=emt&cycle=2028")
    assert driver.js("return localStorage.getItem('recert-editor-rows')") is None


@pytest.mark.parametrize("engine", ENGINES)
def test_starting_again_clears_what_the_reader_ticks(checker, tmp_path):
    server, driver = checker
    server.change_worker(worker_that("hangs", "HANG-ME"))
    open_checker(server, driver)
    driver.wait(SNAPSHOT_KEPT, timeout=60)
    driver.js("localStorage.setItem('recert-columns-0', '{}'); localStorage.setItem('unrelated', '1')")
    # A mark among the site's kept files (the service worker keeps them again as they are fetched).
    driver.js("return caches.open('recert-site').then((c) => c.put('/__test__/mark', new Response('x')))")
    driver.set_file("#recert-file", csv_file(tmp_path, "slow.csv", "HANG-ME course"))
    driver.wait("const b = document.querySelector('#recert-restart'); return !!b && !!b.offsetParent", timeout=120)
    for name in ("snapshot", "files", "choices"):
        driver.set_checked(f"#recert-error input[name={name}]", True)
    driver.click("#recert-restart")
    driver.wait_for(READY, timeout=120)
    assert driver.attr("#recert-checker", "data-snapshot") == "no"  # Python started from scratch
    assert driver.js("return localStorage.getItem('recert-columns-0')") is None
    assert driver.js("return localStorage.getItem('unrelated')") == "1"  # only the checker's own
    assert driver.js("return caches.match('/__test__/mark').then((found) => found === undefined)")
