//! `word/settings.xml`: a different first page is set in the section, so here only what Word
//! needs to open the file in its current mode, with Vietnamese proofing and the decimal comma.

use super::xml::{Xml, NS_W};

/// The settings part. Children follow the order of the schema (`CT_Settings`), which Word
/// enforces.
pub(crate) fn settings_xml() -> String {
    let mut x = Xml::new();
    x.open("w:settings", &[("xmlns:w", NS_W)]);
    x.empty("w:zoom", &[("w:percent", "100")]);
    x.empty("w:defaultTabStop", &[("w:val", "720")]);
    x.empty("w:characterSpacingControl", &[("w:val", "doNotCompress")]);
    x.open("w:compat", &[]);
    x.empty(
        "w:compatSetting",
        &[("w:name", "compatibilityMode"), ("w:uri", "http://schemas.microsoft.com/office/word"), ("w:val", "15")],
    );
    x.close("w:compat");
    x.empty("w:themeFontLang", &[("w:val", "vi-VN")]);
    x.empty("w:decimalSymbol", &[("w:val", ",")]);
    x.empty("w:listSeparator", &[("w:val", ";")]);
    x.close("w:settings");
    x.finish()
}
