// Course certificates (PDF), pasted text and the audit packet, on the checker page.
//
// A PDF given (chosen, dropped, or in a folder where the browser's picker allows folders) has its
// certificates read on this device: the worker fetches the PDF reader the first time (pdf-reader.mjs),
// then recert_core.browser.read_certificates gives each certificate's rows with the words each field
// came from. They are shown as an editor, a block per certificate: each field editable, the
// certificate's own words beside it, a reading that could be two things offered and not taken, a scan
// said plainly with its fields to type, a locked or non-certificate PDF refused with what to do. The
// user confirms each certificate; its rows count only then (run_certificates checks them, with any
// transcript files given with them, and marks the rest unverified). The paste box reads what a phone
// copies from the NREMT transcript or any table (run_paste). The audit packet is one zip made by the
// worker from the last check (audit_packet).
import { byId, chosenRoles, download, el, errorBox, form, root, statusLine } from "./dom.mjs";
import { call, failure, localDate, pageCall } from "./calls.mjs";
import { show } from "./report.mjs";
import { state } from "./state.mjs";
import { say } from "./wording.mjs";

// Every sentence this module shows, in one place (sentences.toml's [page.certificates]).
const TEXT = {
  loadingReader: say("certificates.loading-reader"),
  reading: (count) => (count === 1 ? say("certificates.reading-one") : say("certificates.reading", { count })),
  readerFailed: (why) => say("certificates.reader-failed", { why }),
  title: say("certificates.title"),
  intro: say("certificates.intro"),
  certificate: (name, page, kind) => (kind === "sessions"
    ? say("certificates.certificate-sessions", { name, page }) : say("certificates.certificate", { name, page })),
  read: (words) => say("certificates.read", { words }),
  notFound: say("certificates.not-found"),
  use: (value) => say("certificates.use", { value }),
  confirm: (name, page) => say("certificates.confirm", { name, page }),
  confirmAll: say("certificates.confirm-all"),
  checked: (count, confirmed) => (count === 1
    ? say("certificates.checked-one", { confirmed }) : say("certificates.checked", { count, confirmed })),
  about: say("certificates.about"),
  pasteEmpty: say("certificates.paste-empty"),
  pasted: say("certificates.pasted"),
  packetFailed: (why) => say("certificates.packet-failed", { why }),
  onCertificates: say("certificates.on-these"),
  onPasted: say("certificates.on-pasted"),
};
const FIELDS = [
  ["date", say("certificates.date"), "YYYY-MM-DD"],
  ["title", say("certificates.title-field"), ""],
  ["hours", say("certificates.hours"), say("certificates.hours-hint")],
  ["approval", say("certificates.approval"), say("certificates.approval-hint")],
  ["delivery", say("certificates.delivery"), say("certificates.delivery-hint")],
  ["provider", say("certificates.provider"), ""],
  ["attendee", say("certificates.attendee"), ""],
];
const PDF = /\.pdf$/i;

export const isPdf = (file) => PDF.test(file.name) || file.type === "application/pdf";
// What a folder chosen in the picker may hold that the checker reads.
const READABLE = /\.(pdf|csv|tsv|txt|xlsx|ods)$/i;

// The page's parts of this module: the folder picker (where the browser has one: `webkitdirectory`,
// in Chromium, Firefox and WebKit alike), the audit packet's button (shown with a one-person report),
// and the certificates' step (hidden once the report is of other files). `choose` is checker.mjs's.
export function setUpCertificates(choose) {
  const folder = byId("recert-folder");
  if ("webkitdirectory" in folder) {
    folder.webkitdirectory = true;
    folder.addEventListener("change", () => choose([...folder.files].filter((file) => READABLE.test(file.name))));
  } else {
    folder.closest(".recert-field").hidden = true;
  }
  const packet = byId("recert-packet-line");
  const box = byId("recert-certificates");
  new MutationObserver(() => {
    packet.hidden = !["met", "not-met"].includes(root.dataset.result);
    if (!state.certificates) box.hidden = true;
  }).observe(root, { attributes: true, attributeFilter: ["data-result"] });
}

// Files chosen with at least one PDF among them: the PDFs read as certificates, the others kept to be
// read with them as one transcript.
export async function chooseCertificates(files) {
  const pdfs = files.filter(isPdf);
  const others = files.filter((file) => !isPdf(file));
  state.sequence += 1;
  const mine = state.sequence;
  const box = byId("recert-certificates");
  errorBox.hidden = true;
  statusLine.textContent = TEXT.loadingReader;
  try {
    await call("pdfReader");
  } catch (error) {
    statusLine.textContent = TEXT.readerFailed(error.message);
    return;
  }
  statusLine.textContent = TEXT.reading(pdfs.length);
  const bytes = await Promise.all(pdfs.map((file) => file.arrayBuffer().then((buffer) => new Uint8Array(buffer))));
  const answer = await pageCall("read_certificates", [bytes, pdfs.map((file) => file.name)])
    .catch((error) => failure(error, TEXT.onCertificates));
  if (mine !== state.sequence || !answer) return;
  if (!answer.files) {
    show(answer, { name: TEXT.about });
    return;
  }
  state.certificates = {
    files: answer.files,
    others: { names: others.map((file) => file.name), bytes: await Promise.all(others.map((file) => file.arrayBuffer())) },
    blocks: [],
  };
  drawCertificates(box);
  box.dataset.read = String(performance.now());
  await checkCertificates();
}

function rowValues(row) {
  return Object.fromEntries(FIELDS.map(([field]) => [field, row[field]?.value ?? ""]));
}

function drawCertificates(box) {
  const blocks = [];
  const parts = [el("h2", { id: "recert-certificates-title" }, TEXT.title), el("p", {}, TEXT.intro)];
  for (const file of state.certificates.files) {
    if (file.problem) {
      parts.push(el("div", { class: "recert-certificate recert-certificate-problem", "data-file": file.name, "data-problem": file.problem },
        el("h3", {}, file.name), el("p", { role: "note" }, file.error)));
      continue;
    }
    for (const note of file.notes) parts.push(el("p", { class: "recert-certificate-note" }, say("certificates.file-note", { name: file.name, note })));
    for (const certificate of file.certificates) {
      const block = { file: file.name, page: certificate.page, kind: certificate.kind, confirmed: false, rows: [] };
      blocks.push(block);
      parts.push(drawBlock(block, certificate, blocks.length - 1));
    }
  }
  const all = el("button", { type: "button", id: "recert-certificates-confirm-all", class: "md-button" }, TEXT.confirmAll);
  all.addEventListener("click", () => {
    for (const box_ of document.querySelectorAll("#recert-certificates input.recert-confirm")) box_.checked = true;
    for (const block of blocks) block.confirmed = true;
    checkCertificates();
  });
  if (blocks.length > 1) parts.push(el("p", {}, all));
  state.certificates.blocks = blocks;
  box.replaceChildren(...parts);
  box.hidden = false;
}

function drawBlock(block, certificate, index) {
  const name = say("certificates.page", { name: block.file, page: block.page });
  const rows = certificate.rows.map((row, r) => {
    const values = rowValues(row);
    block.rows.push({ values, read_from: readFrom(row) });
    return el("fieldset", { class: "recert-certificate-row" },
      el("legend", {}, certificate.rows.length > 1 ? `${r + 1}. ${values.title || name}` : name),
      FIELDS.map(([field, label, hint]) => fieldInput(block, r, row[field] ?? {}, field, label, hint, `${index}-${r}`)));
  });
  const notes = certificate.notes.map((note) => el("p", { class: "recert-certificate-note", role: "note" }, note.message));
  const confirm = el("input", { type: "checkbox", class: "recert-confirm", id: `recert-confirm-${index}` });
  confirm.addEventListener("change", () => {
    block.confirmed = confirm.checked;
    checkCertificates();
  });
  return el("div", { class: "recert-certificate", "data-file": block.file, "data-page": block.page, "data-kind": block.kind },
    el("h3", {}, TEXT.certificate(block.file, block.page, block.kind)), notes, rows,
    el("p", { class: "recert-confirm-line" }, confirm, " ", el("label", { for: confirm.id }, TEXT.confirm(block.file, block.page))));
}

function readFrom(row) {
  const shown = { date: "date", title: "title", hours: "hours", approval: "number", delivery: "delivery" };
  return Object.entries(shown).filter(([field]) => row[field]?.words).map(([field, word]) => `${word}: “${row[field].words}”`).join("; ");
}

function fieldInput(block, r, read, field, label, hint, key) {
  const id = `recert-cert-${key}-${field}`;
  const input = el("input", { id, type: "text", "data-field": field, placeholder: hint || null, autocomplete: "off",
    inputmode: field === "hours" ? "decimal" : null });
  input.value = read.value ?? "";
  const changed = () => {
    block.rows[r].values[field] = input.value;
    clearTimeout(state.certificates.timer);
    state.certificates.timer = setTimeout(checkCertificates, 400);
  };
  input.addEventListener("input", changed);
  const beside = [];
  if (read.words) beside.push(el("span", { class: "recert-read-from" }, TEXT.read(read.words)));
  else if (["date", "title", "hours"].includes(field)) beside.push(el("span", { class: "recert-read-from recert-not-found" }, TEXT.notFound));
  if (read.message) beside.push(el("span", { class: "recert-read-note", role: "note" }, read.message));
  if (read.suggestion) {
    const use = el("button", { type: "button", class: "recert-link" }, TEXT.use(read.suggestion));
    use.addEventListener("click", () => {
      input.value = read.suggestion;
      changed();
    });
    beside.push(use);
  }
  return el("div", { class: "recert-field recert-certificate-field", "data-field": field },
    el("label", { for: id }, label), input, beside);
}

// The rows as confirmed, with any other files given with them, checked as one transcript.
export async function checkCertificates() {
  const certificates = state.certificates;
  if (!certificates) return;
  state.sequence += 1;
  const mine = state.sequence;
  const rows = certificates.blocks.flatMap((block) => block.rows.map((row) => ({
    ...row.values, file: block.file, page: block.page, read_from: row.read_from, confirmed: block.confirmed,
    scan: block.kind === "scan",
  })));
  const others = certificates.others;
  const confirmed = certificates.blocks.filter((block) => block.confirmed).length;
  byId("recert-certificates").dataset.confirmed = String(confirmed);
  statusLine.textContent = TEXT.checked(certificates.blocks.length, confirmed);
  const result = await pageCall("run_certificates", [JSON.stringify(rows), form.level.value, form.cycle.value, localDate(),
    others.bytes.map((buffer) => new Uint8Array(buffer.slice(0))), others.names, chosenRoles()])
    .catch((error) => failure(error, TEXT.onCertificates));
  if (mine !== state.sequence || !result) return;
  show(result, { name: TEXT.about });
}

// --- pasted text -------------------------------------------------------------------------------------

export async function checkPasted() {
  const text = byId("recert-paste").value;
  if (!text.trim()) {
    statusLine.textContent = TEXT.pasteEmpty;
    return;
  }
  state.certificates = null;
  state.chosen = null;
  state.sequence += 1;
  const mine = state.sequence;
  const result = await pageCall("run_paste", [text, form.level.value, form.cycle.value, localDate(), "", chosenRoles()])
    .catch((error) => failure(error, TEXT.onPasted));
  if (mine !== state.sequence || !result) return;
  show(result, { name: TEXT.pasted });
}

// --- the audit packet --------------------------------------------------------------------------------

export async function downloadPacket() {
  try {
    const packet = await pageCall("audit_packet", [localDate()], true);
    if (!packet.byteLength) {
      statusLine.textContent = (await pageCall("packet_error", [])).error;
      return;
    }
    download(`${state.shown.base || "recert"}-audit-packet.zip`, packet, "application/zip");
  } catch (error) {
    statusLine.textContent = TEXT.packetFailed(error.message);
  }
}
