//! Readers for plan and conclusion-notice documents: detect the format, parse it into the
//! domain's plan model (`cchc_domain::plan::ParsedDocument`: document, areas, targets, tasks, warnings), each item with its source location.
//!
//! ```text
//! bytes ─ detect ─┬─ text (encoding → plaintext: prose, TSV, scraped pipe tables) ─┐
//!                 ├─ DOCX (docx: paragraphs and tables)                          ├─ blocks ─ interpret ─ ParsedDocument
//!                 └─ XLSX (xlsx: sheets as tables)                                ┘
//! ```
//!
//! Every table, whatever its format, goes through the same column-role detector (`columns`),
//! aligner (`align`) and row interpreter (`rows`, `targets`).

pub mod agency;
pub mod agency_words;
pub mod align;
pub mod bench;
pub mod blocks;
pub mod columns;
pub mod detect;
pub mod docx;
pub mod docx_numbering;
pub mod encoding;
pub mod error;
pub mod header;
pub mod interpret;
pub mod json;
pub mod legacy;
pub mod lines;
pub mod numbering;
pub mod patterns;
pub mod plaintext;
pub mod prose;
pub mod prose_actor;
pub mod resolve;
pub mod rows;
pub mod simplify;
pub mod stacked;
pub mod table_rows;
pub mod targets;
pub mod text_table;
pub mod tsv;
pub mod values;
pub mod xlsx;

pub use error::ImportError;
pub use json::{summary, to_json};
pub use resolve::resolve_agencies;

use cchc_domain::plan::{DocumentFormat, ParsedDocument};

/// Limits and defaults of one import.
#[derive(Debug, Clone)]
pub struct ParseOptions {
    /// Files larger than this are refused (bytes).
    pub max_bytes: usize,
    /// Year for deadlines without one when the document names neither a plan year nor a date.
    pub default_year: Option<i32>,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions { max_bytes: 50 * 1024 * 1024, default_year: None }
    }
}

/// Parses a plan or notice from its bytes; `file_name` helps detection when given.
/// Never panics; refuses unreadable input with an [`ImportError`] that says why.
pub fn parse_document(
    bytes: &[u8],
    file_name: Option<&str>,
    opts: &ParseOptions,
) -> Result<ParsedDocument, ImportError> {
    if bytes.len() > opts.max_bytes {
        return Err(ImportError::TooLarge { size: bytes.len(), limit: opts.max_bytes });
    }
    match detect::detect(bytes, file_name)? {
        detect::Detected::Text => {
            let decoded = encoding::decode(bytes)?;
            let blocks = plaintext::read(&decoded.text);
            interpret::interpret(&blocks, DocumentFormat::Text, &decoded.encoding, opts.default_year)
        }
        detect::Detected::Docx => {
            let read = docx::read(bytes, opts.max_bytes)?;
            interpret::interpret(&read.blocks, DocumentFormat::Docx, &read.encoding, opts.default_year)
        }
        detect::Detected::Xlsx => {
            let read = xlsx::read(bytes)?;
            interpret::interpret(&read.blocks, DocumentFormat::Xlsx, &read.encoding, opts.default_year)
        }
    }
}
