//! DOCX for official administrative documents in the format of Nghị định 30/2020/NĐ-CP
//! (Phụ lục I): the national motto header, the issuer and number, the place and date line, the
//! document kind and summary, numbered headings, justified body text, framed tables whose header
//! row repeats on every page, the signature and the "Nơi nhận" block, and page numbers centred
//! in the top margin from page 2. The report code fills an [`OfficialDocument`]; [`to_docx`]
//! returns the bytes of a Word file built from named styles, so officials can restyle it.
//!
//! The OOXML parts are written by hand with a small XML writer (no DOCX library): every rule of
//! the decree is visible in one place, the output is deterministic, and nothing but `zip` is
//! needed. The format and the rules applied are described in `docs/docx-format.md`.

mod body;
mod geometry;
mod header_block;
mod header_lines;
mod image;
mod metrics;
mod model;
mod numbering;
mod package;
mod page;
mod para;
mod settings;
mod signature;
mod styles;
mod table;
mod text;
mod xml;

pub use header_lines::{number_line, place_date, place_month};
pub use model::{Block, HeadingLevel, Image, Layout, OfficialDocument, Run, Signature};

/// What went wrong writing a Word file (only the ZIP container can fail: the XML is built in
/// memory from cleaned text).
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// The ZIP container could not be written.
    #[error("không tạo được tệp Word: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// Writing into the in-memory buffer failed.
    #[error("không tạo được tệp Word: {0}")]
    Io(#[from] std::io::Error),
}

/// Writes the document as a DOCX file and returns its bytes.
///
/// Never panics: text is normalised to NFC, characters XML cannot hold are dropped, and layout
/// values outside the decree's ranges are brought back into them. The same document always
/// gives the same bytes.
pub fn to_docx(doc: &OfficialDocument) -> Result<Vec<u8>, DocxError> {
    let geo = geometry::Geometry::new(&doc.layout);
    let document = body::document_xml(doc, &geo);
    package::write(doc, &geo, document)
}
