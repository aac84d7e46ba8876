// Reads PDF certificates with the built site's own Python, as the checker's worker does: the page's
// runtime (trimmed standard library), the wheel and its bytecode, then the PDF reader's bundle fetched
// on demand, unpacked and installed (site_plugins/assets/pdf-reader.mjs's steps). Arguments: the
// pyodide folder, the wheel, the bytecode, the PDF reader's zip, then the certificates. One JSON line
// out: {install_ms, answer, ms: [per certificate], cpu_ms: [the process's CPU time per certificate]}.
import { readFileSync } from "node:fs";

const [pyodideFolder, wheel, bytecode, reader, ...pdfs] = process.argv.slice(2);
const { loadPyodide } = await import(`${pyodideFolder}/pyodide.mjs`);
const pyodide = await loadPyodide({ indexURL: `${pyodideFolder}/` });
pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel");
if (bytecode !== "-") pyodide.unpackArchive(new Uint8Array(readFileSync(bytecode)), "zip"); // "-": sources only
const browser = pyodide.pyimport("recert_core.browser");
const began = performance.now();
pyodide.unpackArchive(new Uint8Array(readFileSync(reader)), "zip", { extractDir: "/lib/recert-pdf" });
browser.install_pdf_reader("/lib/recert-pdf");
const installMs = performance.now() - began;
const ms = [];
const cpuMs = [];
const cpu = () => { const used = process.cpuUsage(); return (used.user + used.system) / 1000; };
for (const path of pdfs) {
  const start = performance.now();
  const began = cpu();
  browser.read_certificates([new Uint8Array(readFileSync(path))], [path.split("/").at(-1)]).destroy();
  cpuMs.push(cpu() - began);
  ms.push(performance.now() - start);
}
const answer = browser.read_certificates(pdfs.map((p) => new Uint8Array(readFileSync(p))), pdfs.map((p) => p.split("/").at(-1)));
const text = new TextDecoder().decode(answer.toJs());
answer.destroy();
// The rows confirmed and checked, then the audit packet made from that check, as the page does.
const rows = JSON.parse(text).files.flatMap((file) => file.certificates.flatMap((certificate) => certificate.rows.map((row) => ({
  ...Object.fromEntries(Object.entries(row).map(([field, read]) => [field, read.value])),
  file: file.name, page: certificate.page, confirmed: true, scan: certificate.kind === "scan",
}))));
const checked = browser.run_certificates(JSON.stringify(rows), "emt", "2026", "2026-03-20", [], []);
const report = JSON.parse(new TextDecoder().decode(checked.toJs()));
checked.destroy();
const packet = browser.audit_packet("2026-03-20");
const packetBytes = Buffer.from(packet.toJs()).toString("base64");
packet.destroy();
console.log(JSON.stringify({ install_ms: installMs, answer: JSON.parse(text), ms, cpu_ms: cpuMs, report, packet: packetBytes }));
