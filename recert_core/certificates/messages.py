"""Every sentence the certificate reader says to a user, in one place (codes are in codes.toml)."""

from __future__ import annotations

MESSAGES = {
    "certificate-locked": (
        "This PDF is locked with a password, so its text cannot be read here. Open it with its password "
        "in a PDF viewer and print it to a new PDF (Print, then “Save as PDF” or “Microsoft Print to PDF”), "
        "then give that file; or type its course into the editor."
    ),
    "certificate-damaged": (
        "This PDF could not be read ({detail}): it may be damaged or only partly downloaded. Open it in a PDF "
        "viewer and print it to a new PDF, then give that file; or type its course into the editor."
    ),
    "certificate-not-course": (
        "This PDF does not look like a course certificate: {detail}. No completion date, hours or approval "
        "number was found. If it is a certificate, type its course into the editor."
    ),
    "certificate-scan": (
        "Page {page} is a scan or photo (an image, no text), so nothing on it can be read here: type the "
        "certificate's date, title, hours and approval number into its row (the editor)."
    ),
    "certificate-unconfirmed": (
        "Read from the certificate {file} (page {page}), not yet confirmed: check each field against the "
        "certificate and confirm it. Until then its hours are not counted."
    ),
    "certificate-ceu": "“{words}” read as {value} hours: EMS CE providers' CEU are hours. Check it on the certificate.",
    "certificate-hours-unsure": (
        "The hours could be read more than one way (“{words}”): fill them in from the certificate{suggestion}."
    ),
    "certificate-date-unsure": (
        "The certificate shows several dates and none is labelled as the completion date (“{words}”): fill it "
        "in{suggestion}."
    ),
    "certificate-attendees": "The certificates name different people: {names}. Check that they are all yours.",
    "certificate-no-pypdf": (
        "Reading PDF certificates needs the pypdf package: install recert-core with its “pdf” extra "
        "(pip install 'recert-core[pdf]'), or type the courses into the template."
    ),
    "certificate-encrypted": "Opened without a password ({cipher}), as a PDF viewer opens it.",
    "certificate-page-skipped": "Page {page} shows no course (no hours, approval number or course title): not read.",
}
# How the command line says what to do about rows read from certificates and not confirmed.
CONFIRM_HINT = (
    "Rows read from certificates count once you confirm them: check them against the certificates, then "
    "run again with --confirm, or write them out with --format csv, correct that file, and check it."
)
NOT_A_PDF_DETAIL = "{pages} page(s) of text, beginning “{start}”"
NO_TEXT_DETAIL = "{pages} page(s) with no text and no images"


def message(code: str, **values: object) -> str:
    text = MESSAGES[code]
    if "suggestion" in values:
        value = values["suggestion"]
        values["suggestion"] = f" (perhaps {value})" if value else ""
    return text.format(**values)
