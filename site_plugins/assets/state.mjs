// What changes as the reader uses the checker page, in one object owned by this module: the other
// modules read and set its fields, and keep no changing state of their own at module level
// (eslint.config.mjs refuses a module-level `let` in the page's modules).
export const state = {
  // Python has started and answered "ready" (checker.mjs): files chosen before that wait for it
  // (`waiting`). `started`: it has, once; after that, a worker that failed is replaced (calls.mjs).
  ready: false,
  started: false,
  waiting: false,
  // The number of the latest check asked for, of the files or of the editor's rows: an earlier check's
  // answer, come later, is not shown.
  sequence: 0,
  // The check being timed (marks.mjs): -1 from a file chosen until its check starts, then that check's
  // number (`sequence`), until its verdict is painted; 0 when none is.
  timing: 0,
  // The files read as one transcript: { name, names, bytes: [ArrayBuffer, ...] }, or null.
  chosen: null,
  // The files' headers, first rows and the columns guessed (recert_core.browser.preview), or null.
  preview: null,
  // Per file: null, or { columns, remembered }: the columns the user chose for its header.
  mappings: [],
  // Focus and scroll to the next verdict: after a file is chosen, not when the level or cycle changes.
  revealNext: false,
  // The report on the page (report.mjs, roster.mjs).
  shown: {
    base: "", // the download file names: recert-<level>-<cycle>
    report: null, // the report whose rows the page shows (one person's), for the rows asked for later
    finishRows: null, // draws at once the rows of the report shown still waiting to be drawn
    rosterView: 0, // the latest filter and order of a roster's summary: an earlier one stops drawing
  },
  // The transcript editor (editor.mjs): open means the report is of its rows, not of the files.
  editor: { open: false, rows: [], timer: 0, note: "", dropped: 0 },
  // Certificates (certificates.mjs): the PDFs read, each certificate's rows as the reader corrects and
  // confirms them, the other files given with them; null when the report is not of certificates.
  certificates: null,
  // The renewal plan (plan.mjs): shown once the reader has stated their situation; the NREMT
  // expiration follows the card's year until the reader chooses it; the latest plan asked for.
  plan: { stated: false, nremtExpiresChosen: false, request: null },
};
