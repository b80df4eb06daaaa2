//! The intermediate form every reader produces: paragraphs and tables in document order, each
//! with its source. Table interpretation and prose reading work on this, whatever the format.

use cchc_domain::plan::Source;

/// A paragraph of running text.
#[derive(Debug, Clone)]
pub struct Para {
    pub text: String,
    pub source: Source,
    /// The whole paragraph was bold or italic (a heading, in scraped and Word text).
    pub emphasized: bool,
}

/// A table cell; `text` holds its paragraphs separated by `\n`.
#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    /// Column index when the format says it (DOCX, XLSX, TSV); `None` for flattened text rows.
    pub col: Option<usize>,
    /// Number of grid columns covered (`gridSpan`, merged XLSX range).
    pub span: usize,
    /// Continuation of a vertically merged cell: the value is the one above.
    pub merged_above: bool,
    pub source: Source,
    /// Source of each paragraph of `text`, when known more precisely than the cell's.
    pub parts: Vec<Source>,
}

impl Cell {
    /// A cell of a flattened text table.
    pub fn flat(text: String, source: Source) -> Cell {
        Cell { text, col: None, span: 1, merged_above: false, source, parts: Vec::new() }
    }

    /// A cell at a known column.
    pub fn at(col: usize, text: String, source: Source) -> Cell {
        Cell { text, col: Some(col), span: 1, merged_above: false, source, parts: Vec::new() }
    }

    /// The cell's paragraphs joined with spaces.
    pub fn joined(&self) -> String {
        crate::lines::clean(&self.text)
    }
}

/// A table row.
#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// Cells the row is known to lack because cells above span into it (the `|||` runs of
    /// scraped tables); their positions are worked out by the aligner.
    pub pad: usize,
    /// The last cell is a bare `|`, which may be an empty cell or a one-cell pad.
    pub last_may_be_pad: bool,
    pub source: Source,
}

/// A table in document order.
#[derive(Debug, Clone)]
pub struct Table {
    pub rows: Vec<Row>,
    pub source: Source,
}

/// A piece of the document.
#[derive(Debug, Clone)]
pub enum Block {
    Para(Para),
    Table(Table),
}
