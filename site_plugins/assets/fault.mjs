// What the checker's worker tells the reader when something fails. The worker has no page, and so no
// wording of its own (wording.mjs reads the page): it throws fault("code", { values }), an Error that
// carries the code of a sentence in sentences.toml's [page.fault] and the values it fills in. The worker
// sends both with its answer, and the page says the sentence inside its own ("The checker failed (…)",
// calls.mjs with wording.mjs's sayFault). The error's message, the code and values, is for developers.
// (tests/test_page_wording.py reads every fault("code", { ... }) against the catalogue, as it reads say().)
export function fault(code, values = {}, Kind = Error) {
  const error = new Kind(`${code} ${JSON.stringify(values)}`);
  error.fault = { code, values };
  return error;
}

// The { code, values } a fault carries, for the page; undefined for any other error.
export const faultOf = (error) => (typeof error?.fault?.code === "string" ? error.fault : undefined);
